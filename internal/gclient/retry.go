package gclient

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// retry is a RoundTripper that retries what Google asks to be retried.
type retry struct {
	base http.RoundTripper
	opts Options
}

func (r *retry) RoundTrip(req *http.Request) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		if attempt > 0 && req.Body != nil {
			if req.GetBody == nil {
				return nil, fmt.Errorf("retrying %s %s: request body cannot be replayed", req.Method, req.URL.Path)
			}
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req.Body = body
		}
		resp, err := r.base.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		again, err := retryable(resp)
		if err != nil || !again {
			return resp, err
		}
		if attempt >= r.opts.MaxRetries {
			// Hand Google's answer to the caller, marked as rate limited.
			return resp, nil
		}
		d := r.delay(resp, attempt)
		resp.Body.Close()
		r.opts.Logger.Debug("google asked to retry", "status", resp.StatusCode, "path", req.URL.Path,
			"attempt", attempt+1, "wait", d)
		if err := r.opts.Sleep(req.Context(), d); err != nil {
			return nil, err
		}
	}
}

// retryable reports whether Google asked for a retry: 429, 5xx, or 403
// with a rate-limit reason. A 403 body is read and restored.
func retryable(resp *http.Response) (bool, error) {
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return true, nil
	case resp.StatusCode == http.StatusInternalServerError, resp.StatusCode == http.StatusBadGateway,
		resp.StatusCode == http.StatusServiceUnavailable, resp.StatusCode == http.StatusGatewayTimeout:
		return true, nil
	case resp.StatusCode != http.StatusForbidden:
		return false, nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	if err != nil {
		return false, fmt.Errorf("reading google's 403 answer: %w", err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return bytes.Contains(body, []byte(`"rateLimitExceeded"`)) || bytes.Contains(body, []byte(`"userRateLimitExceeded"`)), nil
}

// delay is Retry-After when given (seconds or an HTTP date), else
// exponential backoff from 1s with jitter; capped at MaxDelay.
func (r *retry) delay(resp *http.Response, attempt int) time.Duration {
	var d time.Duration
	if ra := resp.Header.Get("Retry-After"); ra != "" {
		if s, err := strconv.Atoi(ra); err == nil && s >= 0 {
			d = time.Duration(s) * time.Second
		} else if t, err := http.ParseTime(ra); err == nil {
			d = time.Until(t)
		}
	}
	if d <= 0 {
		d = time.Second << min(attempt, 10)
		d += time.Duration(rand.Int64N(int64(d / 4)))
	}
	return min(d, r.opts.MaxDelay)
}
