//go:build unix

package control

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// ownedByMe checks that fi (from Lstat) belongs to this process's user.
func ownedByMe(fi fs.FileInfo) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fmt.Errorf("has no owner kindly can check")
	}
	if int(st.Uid) != os.Getuid() {
		return fmt.Errorf("belongs to another user (uid %d)", st.Uid)
	}
	return nil
}
