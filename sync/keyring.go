package davsync

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/zalando/go-keyring"
)

// keyringService names Partnerdesk's passwords in the system keyring.
const keyringService = "Partnerdesk"

// ErrNoKeyring says the system has no keyring to ask (no D-Bus secret service, as in CI).
var ErrNoKeyring = errors.New("no system keyring")

// ErrNoPassword says the keyring holds no password for the account.
var ErrNoPassword = keyring.ErrNotFound

// KeyringAccount names a share's password in the keyring: the user at the share's address.
func KeyringAccount(user, url string) string { return user + " @ " + url }

// SystemKeyring is the OS keyring through go-keyring, with a time limit: a keyring that does not
// answer must not hang a command or the window. Passwords live only here, never in the database.
type SystemKeyring struct{ Timeout time.Duration }

func (k SystemKeyring) available() error {
	if runtime.GOOS == "linux" || runtime.GOOS == "freebsd" || runtime.GOOS == "openbsd" {
		// Without a session bus go-keyring would try to start one (dbus-launch): not from a command line.
		if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
			if _, err := os.Stat(fmt.Sprintf("/run/user/%d/bus", os.Getuid())); err != nil {
				return ErrNoKeyring
			}
		}
	}
	return nil
}

func (k SystemKeyring) call(f func() (string, error)) (string, error) {
	if err := k.available(); err != nil {
		return "", err
	}
	type result struct {
		s   string
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := f()
		done <- result{s, err}
	}()
	select {
	case r := <-done:
		return r.s, r.err
	case <-time.After(k.Timeout):
		return "", fmt.Errorf("the system keyring did not answer in %s", k.Timeout)
	}
}

// Get reads the password of an account.
func (k SystemKeyring) Get(account string) (string, error) {
	return k.call(func() (string, error) { return keyring.Get(keyringService, account) })
}

// Set keeps the password of an account.
func (k SystemKeyring) Set(account, password string) error {
	_, err := k.call(func() (string, error) { return "", keyring.Set(keyringService, account, password) })
	return err
}
