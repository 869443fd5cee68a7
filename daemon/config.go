package daemon

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kindly-support/kindly/hooks"
)

// Config is the daemon's part of <home>/config.yml.
type Config struct {
	// Apps are per-app settings by window class; they come before the
	// built-in defaults (hooks.DefaultApps).
	Apps []hooks.AppRule `yaml:"apps"`
	// Injector is "x11" (the default: XTest and paste, holding the keyboard
	// during an expansion) or "robotgo" (portable, slower, no hold).
	Injector string `yaml:"injector"`
	// PauseHotkey pauses and resumes kindly ("ctrl+alt+shift+p" by
	// default; "none" for no hotkey).
	PauseHotkey string `yaml:"pause_hotkey"`
	// SearchHotkey opens the reply picker from any app ("ctrl+alt+shift+k"
	// by default; "none" for no hotkey).
	SearchHotkey string `yaml:"search_hotkey"`
	// PickerTerminal is the terminal the picker opens in (default xterm,
	// else x-terminal-emulator). It must take -T TITLE and -e COMMAND….
	PickerTerminal string `yaml:"picker_terminal"`
	// IdleReset is how long kindly keeps what was typed without a new key
	// (default 5s; "0s" keeps it until a reset key).
	IdleReset *time.Duration `yaml:"idle_reset"`
	// Tray shows the tray icon while the daemon runs (default true; see
	// docs/ui.md).
	Tray *bool `yaml:"tray"`
}

// Defaults.
const (
	DefaultPauseHotkey  = "ctrl+alt+shift+p"
	DefaultIdleReset    = 5 * time.Second
	DefaultSearchHotkey = "ctrl+alt+shift+k"
)

func (c Config) searchHotkey() string {
	switch c.SearchHotkey {
	case "":
		return DefaultSearchHotkey
	case "none":
		return ""
	}
	return c.SearchHotkey
}

// pauseHotkey returns the configured pause hotkey ("" for none).
func (c Config) pauseHotkey() string {
	switch c.PauseHotkey {
	case "":
		return DefaultPauseHotkey
	case "none":
		return ""
	}
	return c.PauseHotkey
}

func (c Config) idleReset() time.Duration {
	if c.IdleReset == nil {
		return DefaultIdleReset
	}
	return *c.IdleReset
}

// LoadConfig reads <home>/config.yml; a missing file is an empty config.
// Keys other parts of kindly own are ignored here.
func LoadConfig(home string) (Config, error) {
	var c Config
	path := filepath.Join(home, "config.yml")
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("read %s: %w", path, err)
	}
	if err := yaml.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("%s: %w", path, err)
	}
	switch c.Injector {
	case "", "x11", "robotgo":
	default:
		return c, fmt.Errorf("%s: injector must be x11 or robotgo, got %q", path, c.Injector)
	}
	for i, r := range c.Apps {
		if r.Class == "" {
			return c, fmt.Errorf("%s: apps entry %d has no class", path, i+1)
		}
		switch r.Config.Paste {
		case "", hooks.PasteCtrlV, hooks.PasteCtrlShiftV, hooks.PasteShiftIns:
		default:
			return c, fmt.Errorf("%s: apps entry %q: paste must be %s, %s or %s, got %q", path, r.Class,
				hooks.PasteCtrlV, hooks.PasteCtrlShiftV, hooks.PasteShiftIns, r.Config.Paste)
		}
	}
	return c, nil
}
