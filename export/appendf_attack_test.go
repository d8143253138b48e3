package export

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestAppendFAttack: values whose scaled product v*10^prec rounds across a half (large magnitudes, where
// the product's rounding error exceeds appendF's 1e-6 guard), and the special values.
func TestAppendFAttack(t *testing.T) {
	values := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), -1e-300, 1e-300,
		math.MaxFloat64, -math.MaxFloat64, 4503599627370495.5, 1 << 52, -(1 << 51) - 0.5, 5e-324}
	r := rand.New(rand.NewPCG(7, 9))
	for range 100000 {
		// a value next to a half at the last printed decimal, at magnitudes up to 2^52/10^prec
		e := r.IntN(13)
		k := math.Floor(r.Float64() * math.Pow(10, float64(e)))
		for _, prec := range []int{2, 3, 5} {
			v := (k + 0.5) / math.Pow(10, float64(prec))
			values = append(values, v, math.Nextafter(v, 0), math.Nextafter(v, math.Inf(1)), -v)
		}
	}
	bad := 0
	for _, v := range values {
		for _, prec := range []int{0, 1, 2, 3, 4, 5, 6, 7} {
			want := strconv.FormatFloat(v, 'f', prec, 64)
			if got := string(appendF(nil, v, prec)); got != want {
				if bad < 10 {
					t.Errorf("appendF(%v, %d) = %q, strconv says %q", v, prec, got, want)
				}
				bad++
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d mismatches", bad)
	}
}
