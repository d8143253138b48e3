package data

import "fmt"

// Problem is a message for a person with its values kept apart, so that each front end can word
// it in its own language: Key is the English wording with fmt verbs, Args the values. Error() is
// that English, which the command line prints as it is.
type Problem struct {
	Key  string
	Args []any
}

func (p *Problem) Error() string { return fmt.Sprintf(p.Key, p.Args...) }

// Problemf makes a Problem: key is the English format, as fmt.Errorf takes it (no %w).
func Problemf(key string, args ...any) error { return &Problem{Key: key, Args: args} }
