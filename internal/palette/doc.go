// Package palette holds the colours of the pictures choreo draws (the run
// traces' sequence diagrams, state machines), so that every picture reads
// alike: one colour per kind of thing, on a white background.
package palette
