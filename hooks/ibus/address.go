package ibus

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// Address finds the D-Bus address of the user's ibus-daemon, as IBus's own
// clients do: $IBUS_ADDRESS, else the file ibus-daemon writes under
// ~/.config/ibus/bus/ for this display ($IBUS_ADDRESS_FILE overrides it;
// its daemon must still run), else what `ibus address` says.
func Address() (string, error) {
	if a := os.Getenv("IBUS_ADDRESS"); a != "" {
		return a, nil
	}
	path, perr := socketFile()
	if perr == nil {
		a, err := readAddressFile(path)
		if err == nil {
			return a, nil
		}
		perr = err
	}
	if out, err := exec.Command("ibus", "address").Output(); err == nil {
		if a := strings.TrimSpace(string(out)); a != "" && a != "(null)" {
			return a, nil
		}
	}
	return "", fmt.Errorf("no running ibus-daemon found: %w", perr)
}

// socketFile is where ibus-daemon writes its address for this session:
// $XDG_CONFIG_HOME/ibus/bus/<machine id>-<host>-<display>.
func socketFile() (string, error) {
	if f := os.Getenv("IBUS_ADDRESS_FILE"); f != "" {
		return f, nil
	}
	id, err := machineID()
	if err != nil {
		return "", err
	}
	host, disp := "unix", ""
	if w := os.Getenv("WAYLAND_DISPLAY"); w != "" {
		disp = w
	} else {
		d := os.Getenv("DISPLAY")
		if d == "" {
			return "", errors.New("neither WAYLAND_DISPLAY nor DISPLAY is set")
		}
		h, rest, ok := strings.Cut(d, ":")
		if !ok {
			return "", fmt.Errorf("DISPLAY %q has no ':'", d)
		}
		if h != "" {
			host = h
		}
		disp, _, _ = strings.Cut(rest, ".")
	}
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "ibus", "bus", id+"-"+host+"-"+disp), nil
}

func machineID() (string, error) {
	var last error
	for _, p := range []string{"/var/lib/dbus/machine-id", "/etc/machine-id"} {
		b, err := os.ReadFile(p)
		if err == nil && len(strings.TrimSpace(string(b))) > 0 {
			return strings.TrimSpace(string(b)), nil
		}
		last = err
	}
	return "", fmt.Errorf("no machine id: %w", last)
}

// readAddressFile reads IBUS_ADDRESS from an ibus bus file, and refuses it
// when the IBUS_DAEMON_PID it names is gone.
func readAddressFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var addr string
	pid := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if !ok || strings.HasPrefix(k, "#") {
			continue
		}
		switch k {
		case "IBUS_ADDRESS":
			addr = v
		case "IBUS_DAEMON_PID":
			pid, _ = strconv.Atoi(v)
		}
	}
	if addr == "" {
		return "", fmt.Errorf("%s: no IBUS_ADDRESS line", path)
	}
	if pid > 0 && !alive(pid) {
		return "", fmt.Errorf("%s: ibus-daemon (pid %d) is not running", path, pid)
	}
	return addr, nil
}

// alive reports whether process pid exists.
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	return !errors.Is(p.Signal(syscall.Signal(0)), os.ErrProcessDone)
}
