package main

import "strings"

// outFlag is how internal/outdir names the directory in its messages:
// plan's --out flag.
const outFlag = "--out "

// asReportArgument rewords an error of internal/outdir about plan's --out
// directory as one about report's own argument ("report DIR: cannot write
// there"), keeping the error it wraps for errors.Is and errors.As.
func asReportArgument(err error) error {
	if err == nil || !strings.HasPrefix(err.Error(), outFlag) {
		return err
	}
	return &rewordedError{msg: "report " + strings.TrimPrefix(err.Error(), outFlag), err: err}
}

// rewordedError is err with another text.
type rewordedError struct {
	msg string
	err error
}

func (e *rewordedError) Error() string { return e.msg }
func (e *rewordedError) Unwrap() error { return e.err }
