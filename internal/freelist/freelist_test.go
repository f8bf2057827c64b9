package freelist

import "testing"

func TestGetReusesWhatPutKept(t *testing.T) {
	f := New[*int](1, 4)
	s := f.Get()
	if len(s) != 0 || cap(s) != 4 {
		t.Fatalf("new slice: len %d cap %d, want 0 and 4", len(s), cap(s))
	}
	v := 7
	s = append(s, &v, &v)
	f.Put(s)
	r := f.Get()
	if len(r) != 0 || cap(r) != 4 || &r[:1][0] != &s[0] {
		t.Fatalf("Get after Put returned another slice (len %d cap %d)", len(r), cap(r))
	}
	if r[:2][0] != nil || r[:2][1] != nil {
		t.Fatal("a kept slice still holds its values")
	}
	f.Put(s)
	f.Put(make([]*int, 0, 4)) // no room: dropped
	if got := f.Get(); &got[:1][0] != &s[0] {
		t.Fatal("the free list did not keep the first slice put")
	}
	if got := f.Get(); cap(got) != 4 || &got[:1][0] == &s[0] {
		t.Fatal("an empty free list did not return a new slice")
	}
}
