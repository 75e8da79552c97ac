// Package goqueue is the Go tutorial's step 4 with one change: a mutex
// guards the job map, because the original map fails under goroutines with
// "fatal error: concurrent map writes". It is the Go twin that the Rust
// step 4 benchmark is measured against, not part of the course.
//
// The mutex guards the map only. GetJob hands out the stored *Job itself,
// so the caller and the store share one job, and changes made through that
// pointer are not guarded.
package goqueue

import (
	"fmt"
	"sync"
	"time"
)

// HandlerFunc works on a job's payload and reports whether it failed.
type HandlerFunc func(payload map[string]interface{}) error

// Job is a unit of work and how far it has got.
type Job struct {
	ID      string
	Type    string
	Payload map[string]interface{}
	Status  string
}

var (
	mu         sync.Mutex
	jobStorage = make(map[string]*Job)
)

// NewJob creates a pending job with a timestamp ID and saves it.
func NewJob() *Job {
	job := &Job{
		ID:      fmt.Sprintf("job_%d", time.Now().UnixNano()),
		Type:    "default",
		Payload: make(map[string]interface{}),
		Status:  "pending",
	}
	SaveJob(job)
	return job
}

// Process runs handler on the payload and saves each status change.
func (job *Job) Process(handler HandlerFunc) error {
	job.Status = "processing"
	SaveJob(job)

	err := handler(job.Payload)
	if err != nil {
		job.Status = "failed"
		SaveJob(job)
		return fmt.Errorf("error handling process %w", err)
	}

	job.Status = "completed"
	SaveJob(job)
	return nil
}

// SaveJob stores the job pointer under its ID.
func SaveJob(job *Job) {
	mu.Lock()
	jobStorage[job.ID] = job
	mu.Unlock()
}

// GetJob returns the job stored under id and whether there is one.
func GetJob(id string) (*Job, bool) {
	mu.Lock()
	job, exists := jobStorage[id]
	mu.Unlock()
	return job, exists
}

// ClearStorage replaces the store with an empty map.
func ClearStorage() {
	mu.Lock()
	jobStorage = make(map[string]*Job)
	mu.Unlock()
}
