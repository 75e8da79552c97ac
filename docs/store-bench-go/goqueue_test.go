package goqueue_test

import (
	"testing"

	"goqueue"
)

func TestStorage(t *testing.T) {
	t.Run("should persist status changes after processing", func(t *testing.T) {
		goqueue.ClearStorage()

		job := goqueue.NewJob()
		handler := func(payload map[string]interface{}) error {
			return nil
		}

		job.Process(handler)

		retrieved, exists := goqueue.GetJob(job.ID)
		if !exists {
			t.Errorf("expected job to exist")
		}
		if retrieved.Status != "completed" {
			t.Errorf("expected status 'completed' in storage, got %s", retrieved.Status)
		}
	})

	t.Run("should save and retrieve job", func(t *testing.T) {
		goqueue.ClearStorage()

		job := goqueue.NewJob()

		retrieved, exists := goqueue.GetJob(job.ID)
		if !exists {
			t.Errorf("expected to find job")
		}
		if retrieved.ID != job.ID {
			t.Errorf("expected job ID %s, got %s", job.ID, retrieved.ID)
		}
	})
}
