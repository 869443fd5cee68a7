package profile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Load reads the profile the way config.LoadProfile does (config.yml has one
// reader, the config package; it imports this one, so these tests read the
// file themselves and parse it with Parse, the function under test).
func Load(home string) (map[string]string, error) {
	p := filepath.Join(home, File)
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load profile: %w", err)
	}
	m, err := Parse(p, data)
	if err != nil {
		return nil, fmt.Errorf("load profile: %w", err)
	}
	return m, nil
}
