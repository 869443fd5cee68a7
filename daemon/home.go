package daemon

import (
	"fmt"
	"net"
	"os"
	"sync"

	"github.com/kindly-support/kindly/daemon/control"
)

// homeKeeper holds what a running daemon keeps in its home: the
// one-daemon-per-home lock (daemon.lock) and the control socket. If the
// home is deleted while the daemon runs, the daemon keeps serving its last
// good library (load refuses a home without a library folder) and says so;
// when a folder appears at the home's path again, the keeper takes the lock
// and the socket back in it at once, so `kindly status` and `stop` find the
// daemon again and a second `kindly run` there is refused. If another daemon
// got the new home's lock first, this one stops: never two daemons typing
// into the same window.
type homeKeeper struct {
	home string
	logf func(string, ...any)

	mu     sync.Mutex
	unlock func()
	reqs   chan<- control.Request
	l      net.Listener
}

// keepHome takes the home's lock.
func keepHome(home string, logf func(string, ...any)) (*homeKeeper, error) {
	unlock, err := lockHome(home)
	if err != nil {
		return nil, err
	}
	return &homeKeeper{home: home, logf: logf, unlock: unlock}, nil
}

// listen opens the control socket; requests go to reqs.
func (k *homeKeeper) listen(reqs chan<- control.Request) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	l, err := control.Listen(control.SocketPath(k.home), reqs)
	if err != nil {
		return err
	}
	k.reqs, k.l = reqs, l
	return nil
}

// gone is called when the home folder was deleted or moved away.
func (k *homeKeeper) gone() {
	k.logf("the kindly home %s was deleted: still serving the last good library; the lock and the control socket come back when the folder does", k.home)
}

// back is called when a folder appears at the home's path again: the lock
// and the socket are taken in it. It returns an error when another daemon
// holds the new home's lock; the caller then stops this one.
func (k *homeKeeper) back() error {
	k.mu.Lock()
	defer k.mu.Unlock()
	unlock, err := lockHome(k.home)
	if err != nil {
		return fmt.Errorf("the kindly home %s was made again, but %w", k.home, err)
	}
	k.unlock()
	k.unlock = unlock
	if k.reqs != nil {
		if k.l != nil {
			if ul, ok := k.l.(*net.UnixListener); ok {
				ul.SetUnlinkOnClose(false) // its file went with the old folder
			}
			k.l.Close()
			k.l = nil
		}
		l, err := control.Listen(control.SocketPath(k.home), k.reqs)
		if err != nil {
			return fmt.Errorf("the kindly home %s was made again, but the control socket: %w", k.home, err)
		}
		k.l = l
	}
	k.logf("the kindly home %s is back: took the lock and the control socket in it again", k.home)
	return nil
}

// close releases the socket (removing its file) and the lock.
func (k *homeKeeper) close() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.l != nil {
		k.l.Close()
		os.Remove(control.SocketPath(k.home))
	}
	k.unlock()
}
