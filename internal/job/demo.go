package job

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"cnht/internal/apperr"
)

// DemoKind counts up slowly, reporting progress at each step: it shows the
// job machinery (and the page that watches a job) working end to end.
const DemoKind = "demo.count"

// Bounds of a DemoKind payload.
const (
	DemoMaxSteps   = 1000
	DemoMaxDelayMS = 2000
)

// DemoPayload is the payload of DemoKind.
type DemoPayload struct {
	Steps   int `json:"steps"`
	DelayMS int `json:"delay_ms"`
}

// DemoResult is the result of DemoKind.
type DemoResult struct {
	Counted int `json:"counted"`
}

// RegisterDemo registers DemoKind, which any signed-in user may enqueue
// with a DemoPayload of 1 to DemoMaxSteps steps, each waiting 0 to
// DemoMaxDelayMS milliseconds. Its progress message after step i of n is
// "i/n"; its result is a DemoResult.
func RegisterDemo(q *Queue) {
	q.RegisterKind(Kind{Name: DemoKind, Handler: demoCount, Check: checkDemo})
}

func decodeDemo(raw json.RawMessage) (DemoPayload, error) {
	var p DemoPayload
	if err := json.Unmarshal(raw, &p); err != nil {
		return p, apperr.New(apperr.Invalid, "job.payload_invalid")
	}
	var v apperr.Validation
	if p.Steps < 1 || p.Steps > DemoMaxSteps {
		v.Add("steps", "field.range", "min", 1, "max", DemoMaxSteps)
	}
	if p.DelayMS < 0 || p.DelayMS > DemoMaxDelayMS {
		v.Add("delay_ms", "field.range", "min", 0, "max", DemoMaxDelayMS)
	}
	return p, v.Err()
}

func checkDemo(raw json.RawMessage) error {
	_, err := decodeDemo(raw)
	return err
}

func demoCount(ctx context.Context, j Job, progress Progress) (any, error) {
	p, err := decodeDemo(j.Payload)
	if err != nil {
		return nil, Permanent(err)
	}
	delay := time.Duration(p.DelayMS) * time.Millisecond
	for i := 1; i <= p.Steps; i++ {
		if delay > 0 {
			t := time.NewTimer(delay)
			select {
			case <-ctx.Done():
				t.Stop()
				return nil, context.Cause(ctx)
			case <-t.C:
			}
		}
		progress(i*100/p.Steps, fmt.Sprintf("%d/%d", i, p.Steps))
	}
	return DemoResult{Counted: p.Steps}, nil
}
