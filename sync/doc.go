// Package davsync shares a project's records and files with the partners through a WebDAV folder.
// It talks to a Remote interface, so one test suite runs against every kind of remote.
package davsync
