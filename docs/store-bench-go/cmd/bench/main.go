// Command bench is the Go twin of the Rust step 4 benchmark
// (steps/step4/examples/bench.rs): the same workloads, the same counts, the
// same table. Run it from docs/store-bench-go with
//
//	go run ./cmd/bench
//
// Every run happens in a fresh child process (this program started again
// with -child), so each one starts from an empty store and a fresh heap, as
// on the Rust side. The table shows the median of the runs.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"goqueue"
)

// workload is one row of the table.
type workload struct {
	label   string // the row's name, Go's spelling of the Rust row
	arg     string // the word that names it on a child's command line
	threads int    // goroutines sharing a mix; 0 for the other rows
}

var workloads = []workload{
	{"NewJob()", "create", 0},
	{"GetJob + Process", "get-process", 0},
	{"mix, 1 thread", "mix1", 1},
	{"mix, 2 threads", "mix2", 2},
	{"mix, 4 threads", "mix4", 4},
}

func main() {
	jobs := flag.Int("jobs", 200000, "jobs each run creates")
	runs := flag.Int("runs", 7, "runs each row takes its median from")
	child := flag.String("child", "", "run one workload in this process")
	flag.Parse()

	if *child != "" {
		for _, w := range workloads {
			if w.arg == *child {
				nanos, rss, live := run(w, *jobs)
				fmt.Printf("%f %f %f\n", nanos, rss, live)
				return
			}
		}
		fail("-child needs a workload name")
	}

	nanos := make([][]float64, len(workloads))
	var rss, live []float64
	// Runs of different rows take turns, so that a burst of load on the
	// machine spreads over all the rows instead of spoiling one.
	for i := 0; i < *runs; i++ {
		for row, w := range workloads {
			sample := runInChild(w, *jobs)
			nanos[row] = append(nanos[row], sample[0])
			if w.arg == "create" {
				rss = append(rss, sample[1])
				live = append(live, sample[2])
			}
		}
	}

	fmt.Printf("step 4 store, Go: %d jobs per run, median of %d runs\n\n",
		*jobs, *runs)
	fmt.Printf("%-24s %8s\n", "operation", "ns/op")
	for row, w := range workloads {
		fmt.Printf("%-24s %8.0f\n", w.label, median(nanos[row]))
	}
	if perJob := median(rss); perJob < 0 {
		fmt.Printf("%-24s %8s\n", "bytes per stored job", "n/a")
	} else {
		fmt.Printf("%-24s %8.0f\n", "bytes per stored job", perJob)
	}
	// What the collector finds alive once it has run: the jobs and the
	// map without the garbage that resident memory still holds.
	fmt.Printf("%-24s %8.0f\n", "  live after a GC", median(live))
}

// runInChild runs one workload in a fresh copy of this program and returns
// what it measured: nanoseconds per operation, resident bytes per stored job
// (negative where unknown) and live heap bytes per stored job.
func runInChild(w workload, jobs int) [3]float64 {
	exe, err := os.Executable()
	if err != nil {
		fail(err.Error())
	}
	cmd := exec.Command(exe, "-jobs", strconv.Itoa(jobs), "-child", w.arg)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		fail(err.Error())
	}
	var sample [3]float64
	fields := strings.Fields(string(out))
	if len(fields) != len(sample) {
		fail(fmt.Sprintf("a child printed %q", out))
	}
	for i, field := range fields {
		if sample[i], err = strconv.ParseFloat(field, 64); err != nil {
			fail(fmt.Sprintf("a child printed %q", out))
		}
	}
	return sample
}

// run runs one workload on jobs jobs in this process and returns
// nanoseconds per operation and, for the create row, resident and live heap
// bytes per stored job (negative otherwise).
func run(w workload, jobs int) (nanos, rss, live float64) {
	rss, live = -1, -1
	switch {
	case w.arg == "create":
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		rssBefore := residentBytes()

		start := time.Now()
		for i := 0; i < jobs; i++ {
			goqueue.NewJob()
		}
		nanos = perJob(float64(time.Since(start).Nanoseconds()), jobs)

		if rssAfter := residentBytes(); rssBefore >= 0 && rssAfter >= 0 {
			rss = perJob(rssAfter-rssBefore, jobs)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		live = perJob(float64(after.HeapAlloc)-float64(before.HeapAlloc), jobs)

	case w.arg == "get-process":
		ids := make([]string, jobs)
		for i := range ids {
			ids[i] = goqueue.NewJob().ID
		}
		handler := func(payload map[string]interface{}) error { return nil }

		start := time.Now()
		for _, id := range ids {
			job, ok := goqueue.GetJob(id)
			if !ok {
				fail("a saved job is missing")
			}
			if err := job.Process(handler); err != nil {
				fail(err.Error())
			}
		}
		nanos = perJob(float64(time.Since(start).Nanoseconds()), jobs)

	default:
		ids := make([][]string, w.threads)
		var wg sync.WaitGroup
		start := time.Now()
		for t := range ids {
			wg.Add(1)
			go func(t int) {
				defer wg.Done()
				ids[t] = mix(jobs / w.threads)
			}(t)
		}
		wg.Wait()
		nanos = perJob(float64(time.Since(start).Nanoseconds()), jobs)

		// Go's IDs have no guard: two goroutines reading the clock in the
		// same nanosecond get one ID, and the second save replaces the
		// first job. Say so when it happens.
		seen := make(map[string]bool, jobs)
		for _, list := range ids {
			for _, id := range list {
				seen[id] = true
			}
		}
		total := jobs / w.threads * w.threads
		if repeats := total - len(seen); repeats > 0 {
			fmt.Fprintf(os.Stderr, "bench: %d goroutines: %d of %d IDs repeated\n",
				w.threads, repeats, total)
		}
	}
	return nanos, rss, live
}

// mix creates, processes and reads back count jobs and returns their IDs.
func mix(count int) []string {
	handler := func(payload map[string]interface{}) error { return nil }
	ids := make([]string, 0, count)
	for i := 0; i < count; i++ {
		job := goqueue.NewJob()
		if err := job.Process(handler); err != nil {
			fail(err.Error())
		}
		// Another goroutine's job may have taken this ID (see run); then
		// the store holds that job, which this one must not read.
		stored, ok := goqueue.GetJob(job.ID)
		if !ok || (stored == job && stored.Status != "completed") {
			fail("a processed job is missing or not completed")
		}
		ids = append(ids, job.ID)
	}
	return ids
}

// residentBytes is this process's resident memory in bytes, from
// /proc/self/status (Linux only; negative elsewhere).
func residentBytes() float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(status), "\n") {
		if fields := strings.Fields(line); len(fields) > 1 &&
			fields[0] == "VmRSS:" {
			kib, err := strconv.ParseFloat(fields[1], 64)
			if err != nil {
				return -1
			}
			return kib * 1024
		}
	}
	return -1
}

// perJob is total divided among jobs.
func perJob(total float64, jobs int) float64 {
	return total / float64(jobs)
}

// median is the middle value of samples (the lower middle for an even
// count).
func median(samples []float64) float64 {
	sorted := append([]float64(nil), samples...)
	sort.Float64s(sorted)
	return sorted[(len(sorted)-1)/2]
}

// fail prints message and exits with a failure status.
func fail(message string) {
	fmt.Fprintln(os.Stderr, "bench:", message)
	os.Exit(1)
}
