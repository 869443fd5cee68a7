package convert

import (
	"sort"
	"strings"
)

// strftime codes (espanso, TextExpander) and the Go layout parts they match.
var strftimeToGo = map[string]string{
	"Y": "2006", "y": "06", "m": "01", "-m": "1", "d": "02", "-d": "2", "e": "_2",
	"B": "January", "b": "Jan", "h": "Jan", "A": "Monday", "a": "Mon",
	"H": "15", "I": "03", "-I": "3", "l": "3", "M": "04", "S": "05", "p": "PM", "P": "pm",
	"Z": "MST", "z": "-0700", "j": "002", "F": "2006-01-02", "D": "01/02/06", "T": "15:04:05", "R": "15:04",
}

var goToStrftimeCode = map[string]string{
	"2006": "Y", "06": "y", "01": "m", "1": "-m", "02": "d", "2": "-d", "_2": "e", "January": "B", "Jan": "b",
	"Monday": "A", "Mon": "a", "15": "H", "03": "I", "3": "-I", "04": "M", "05": "S", "PM": "p", "pm": "P",
	"MST": "Z", "-0700": "z", "002": "j",
}

// goParts are the Go layout parts layoutStrftime knows, longest first.
var goParts = func() []string {
	var ps []string
	for g := range goToStrftimeCode {
		ps = append(ps, g)
	}
	sort.Slice(ps, func(i, j int) bool {
		if len(ps[i]) != len(ps[j]) {
			return len(ps[i]) > len(ps[j])
		}
		return ps[i] < ps[j]
	})
	return ps
}()

// strftimeLayout turns a strftime format into a Go layout; bad lists the
// codes it could not map.
func strftimeLayout(f string) (layout string, bad []string) {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 == len(f) {
			b.WriteByte(f[i])
			continue
		}
		code := string(f[i+1])
		if (f[i+1] == '-' || f[i+1] == '1') && i+2 < len(f) {
			code = "-" + string(f[i+2])
		}
		if code == "%" {
			b.WriteByte('%')
			i++
			continue
		}
		if g, ok := strftimeToGo[code]; ok {
			b.WriteString(g)
			i += len(code)
			continue
		}
		bad = append(bad, "%"+code)
		i += len(code)
	}
	return b.String(), bad
}

// layoutStrftime turns a Go layout into a strftime format (no leading-zero
// flag spelled as "-", or "1" for TextExpander when te is set).
func layoutStrftime(layout string, te bool) string {
	var b strings.Builder
	for i := 0; i < len(layout); {
		matched := false
		for _, g := range goParts {
			if strings.HasPrefix(layout[i:], g) {
				code := goToStrftimeCode[g]
				if te && strings.HasPrefix(code, "-") {
					code = "1" + code[1:]
				}
				b.WriteString("%" + code)
				i += len(g)
				matched = true
				break
			}
		}
		if !matched {
			if layout[i] == '%' {
				b.WriteByte('%')
			}
			b.WriteByte(layout[i])
			i++
		}
	}
	return b.String()
}
