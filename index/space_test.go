package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/searchd/searchd/internal/fakeextract"
)

// fakeDisk reports a free space the test sets.
type fakeDisk struct{ free atomic.Uint64 }

func (d *fakeDisk) bytes(string) (uint64, error) { return d.free.Load(), nil }

func TestFullDiskRefusesWritesKeepsReadsAndRecovers(t *testing.T) {
	ix, err := Open(Options{Path: filepath.Join(t.TempDir(), "ix"), BatchSize: 2, MinFreeBytes: 1 << 20}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	disk := &fakeDisk{}
	disk.free.Store(1 << 30)
	ix.space.free = disk.bytes
	loadCorpus(t, ix)
	ctx := context.Background()

	disk.free.Store(512 << 10) // below the 1 MiB reserve
	if err := ix.Writable(); !errors.Is(err, ErrNoSpace) {
		t.Fatalf("Writable on a full disk = %v, want ErrNoSpace", err)
	}
	a, _ := DecodeArticle([]byte(`{"id":"new","title":"t","body":"Iran","published_at":"2024-01-01"}`))
	if _, err := ix.Add(ctx, a); !errors.Is(err, ErrNoSpace) {
		t.Fatalf("Add on a full disk = %v, want ErrNoSpace", err)
	}
	res, err := ix.IngestNDJSON(ctx, strings.NewReader(corpus[0]+"\n"+corpus[1]+"\n"), 1<<20)
	if !errors.Is(err, ErrNoSpace) || res.Indexed != 0 || res.Failed != 2 {
		t.Fatalf("bulk on a full disk = %+v, %v; want 2 failed and ErrNoSpace", res, err)
	}
	for _, e := range res.Errors {
		if !strings.Contains(e.Error, "index.min_free_bytes") || strings.Contains(e.Error, "/") {
			t.Errorf("line error %q should say why without a path", e.Error)
		}
	}
	if err := ix.Delete(ctx, "a1"); !errors.Is(err, ErrNoSpace) {
		t.Fatalf("Delete on a full disk = %v, want ErrNoSpace", err)
	}
	// Reads keep working.
	r, err := ix.Search(ctx, Query{Q: "Iran", NoCache: true})
	if err != nil || r.Total == 0 {
		t.Fatalf("search on a full disk = %v, %v", r, err)
	}
	if _, err := ix.Get(ctx, "a1"); err != nil {
		t.Fatalf("get on a full disk: %v", err)
	}

	disk.free.Store(1 << 30) // space returns: writes resume without a restart
	if err := ix.Writable(); err != nil {
		t.Fatalf("Writable after space returned = %v", err)
	}
	if _, err := ix.Add(ctx, a); err != nil {
		t.Fatalf("Add after space returned: %v", err)
	}
}

func TestSpaceCheckCountsTheBatch(t *testing.T) {
	disk := &fakeDisk{}
	g := spaceGuard{path: "x", reserve: 100, free: disk.bytes}
	disk.free.Store(150)
	if err := g.check(50); err != nil {
		t.Errorf("150 free, 100 reserve, 50 needed: %v", err)
	}
	if err := g.check(51); !errors.Is(err, ErrNoSpace) {
		t.Errorf("150 free, 100 reserve, 51 needed: %v, want ErrNoSpace", err)
	}
	if err := (spaceGuard{reserve: 100, free: disk.bytes}).check(1 << 40); err != nil {
		t.Errorf("an in-memory index is never short of disk: %v", err)
	}
	if err := (spaceGuard{path: "x", free: disk.bytes}).check(1 << 40); err != nil {
		t.Errorf("reserve 0 turns the check off: %v", err)
	}
}

func TestNoSpaceErrorHidesPaths(t *testing.T) {
	err := noSpaceError(&fsPathError{})
	if !errors.Is(err, ErrNoSpace) || strings.Contains(err.Error(), "/var") {
		t.Fatalf("noSpaceError = %v", err)
	}
	other := errors.New("boom")
	if noSpaceError(other) != other || noSpaceError(nil) != nil {
		t.Fatal("noSpaceError changes other errors")
	}
}

// fsPathError is an ENOSPC as the operating system reports it, path included.
type fsPathError struct{}

func (*fsPathError) Error() string {
	return "write /var/lib/searchd/index/000001.zap: no space left on device"
}
func (*fsPathError) Unwrap() error { return syscall.ENOSPC }

func TestOpenDamagedIndexSaysHowToRestore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ix")
	ix, err := Open(Options{Path: path}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(path, "store", "root.bolt")); err != nil {
		t.Fatal(err)
	}
	_, err = Open(Options{Path: path}, fakeextract.New())
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "root.bolt is missing") ||
		!strings.Contains(err.Error(), "searchd restore") {
		t.Fatalf("open without root.bolt = %v", err)
	}
	if _, err := os.Stat(filepath.Join(path, "store", "root.bolt")); err == nil {
		t.Fatal("opening a damaged index wrote into it")
	}
}
