package davsync

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Config says how to reach a share folder.
type Config struct {
	URL      string // the share folder, https (http only to this computer)
	User     string // empty: no authentication
	Password string // never stored, logged or put in an error
	// Client is the HTTP client; nil gives one with connect and header timeouts (tests pass httptest's).
	Client *http.Client
	// Stall fails a transfer that moves no byte for this long; default one minute.
	Stall time.Duration
}

// DAV is a Remote on a WebDAV server: Nextcloud, ownCloud, or any server speaking RFC 4918.
//
// Every request goes through one *http.Client with plain net/http. go-webdav's client is not used
// on this side: it fails a whole listing on a weak or unquoted ETag (emersion/go-webdav#118, #165),
// hides the HTTP status of a refusal in an internal type (so 412 cannot be told from 405 or 409),
// sends uploads without Content-Length and returns no ETag with a download. go-webdav's server is
// what the tests and the benchmark run this remote against.
type DAV struct {
	base  *url.URL // the share folder, path ending in "/"
	http  *http.Client
	user  string
	pass  string
	stall time.Duration
}

// CheckURL checks a share address and returns it cleaned: https, or plain http to this computer only;
// no password inside. Errors never repeat the address's user part.
func CheckURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("the share address must be a web address like https://cloud.example.org/remote.php/dav/files/USER/FOLDER/")
	}
	if _, has := u.User.Password(); has {
		return nil, fmt.Errorf("the share address holds a password: give the address without it; the password goes in the keyring, PARTNERDESK_PASSWORD or the prompt")
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("http://%s is not encrypted: use https (plain http is allowed only to this computer)", u.Host)
	}
	u.RawQuery, u.Fragment, u.ForceQuery = "", "", false
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		if u.RawPath != "" {
			u.RawPath += "/"
		}
	}
	return u, nil
}

// isLoopback says whether a host is this computer.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// NewDAV returns the WebDAV remote for a share folder.
func NewDAV(cfg Config) (*DAV, error) {
	u, err := CheckURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	user := cfg.User
	if user == "" && u.User != nil {
		user = u.User.Username()
	}
	u.User = nil
	c := cfg.Client
	if c == nil {
		c = defaultClient()
	}
	guarded := *c
	next := c.CheckRedirect
	guarded.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Scheme != "https" && !isLoopback(req.URL.Hostname()) {
			return fmt.Errorf("the server redirected to unencrypted %s://%s", req.URL.Scheme, req.URL.Host)
		}
		if len(via) >= 5 {
			return fmt.Errorf("the server redirected more than 5 times")
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
	stall := cfg.Stall
	if stall <= 0 {
		stall = time.Minute
	}
	return &DAV{base: u, http: &guarded, user: user, pass: cfg.Password, stall: stall}, nil
}

// defaultClient has timeouts for connecting and for the server's answer, none for a whole transfer
// (a large upload may take hours; the stall guard catches a transfer that stops moving).
func defaultClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 15 * time.Second
	t.ResponseHeaderTimeout = 2 * time.Minute
	t.MaxIdleConnsPerHost = 4
	return &http.Client{Transport: t}
}

// URL is the share folder's address (without credentials).
func (d *DAV) URL() string { return d.base.String() }

// target is the URL of a remote name; dir adds the trailing slash collections are addressed with.
func (d *DAV) target(name string, dir bool) *url.URL {
	u := *d.base
	p, raw := d.base.Path, d.base.EscapedPath()
	if name != "" {
		parts := strings.Split(name, "/")
		for i, seg := range parts {
			p += seg
			raw += url.PathEscape(seg)
			if i < len(parts)-1 {
				p += "/"
				raw += "/"
			}
		}
		if dir {
			p += "/"
			raw += "/"
		}
	}
	u.Path, u.RawPath = p, raw
	return &u
}

// errStalled is a transfer that stopped moving: no byte went either way for Config.Stall.
var errStalled = errors.New("the transfer stopped moving (nothing arrived or left for a while)")

// do sends a request with the credentials; the body, if any, and the answer's body are guarded
// against stalls. done releases the request once its answer is read.
func (d *DAV) do(ctx context.Context, method string, u *url.URL, body io.Reader, size int64, hdr http.Header) (*http.Response, context.CancelFunc, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	guard := time.AfterFunc(d.stall, func() { cancel(errStalled) })
	stop := func() { guard.Stop(); cancel(nil) }
	if body != nil {
		body = &stallGuard{r: body, t: guard, d: d.stall}
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		stop()
		return nil, nil, err
	}
	if body != nil {
		req.ContentLength = size
		if size == 0 {
			req.Body = http.NoBody
		}
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", "Partnerdesk")
	if d.user != "" {
		req.SetBasicAuth(d.user, d.pass)
	}
	resp, err := d.http.Do(req)
	if err != nil {
		if errors.Is(context.Cause(ctx), errStalled) {
			err = errStalled
		}
		stop()
		return nil, nil, err
	}
	guard.Reset(d.stall)
	resp.Body = &stallGuard{r: resp.Body, t: guard, d: d.stall, closer: resp.Body, ctx: ctx}
	return resp, stop, nil
}

// stallGuard pushes a deadline back on every read; when it passes, the request is cancelled.
type stallGuard struct {
	r      io.Reader
	t      *time.Timer
	d      time.Duration
	closer io.Closer       // set on an answer's body
	ctx    context.Context // the request's, to tell a stall from other ends
}

func (g *stallGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	switch {
	case err == io.EOF && g.closer == nil:
		// An upload is sent: the server may take its time to store it (the transport's header
		// timeout applies); the guard starts again on the answer's body.
		g.t.Stop()
	case err != nil && err != io.EOF && g.ctx != nil && errors.Is(context.Cause(g.ctx), errStalled):
		err = errStalled
	case n > 0:
		g.t.Reset(g.d)
	}
	return n, err
}

func (g *stallGuard) Close() error {
	if g.closer != nil {
		return g.closer.Close()
	}
	return nil
}

// refusal turns a non-success response into a StatusError; it reads at most a little of the body.
func refusal(op, name string, resp *http.Response) error {
	msg := ""
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	switch {
	case strings.HasSuffix(ct, "xml"):
		// Nextcloud and ownCloud (sabre/dav) say why in <s:message>.
		var e struct {
			Message string `xml:"message"`
		}
		if xml.Unmarshal(raw, &e) == nil {
			msg = e.Message
		}
	case ct == "text/plain":
		msg = string(raw)
	}
	msg = strings.TrimSpace(strings.SplitN(msg, "\n", 2)[0])
	if len(msg) > 200 {
		msg = truncateName(msg[:200])
	}
	return &StatusError{Op: op, Name: name, Code: resp.StatusCode, Msg: msg}
}

// NetError is a request that got no answer: the network, TLS, a timeout.
type NetError struct {
	Op, Name string
	Err      error
}

// Error says what failed where and why, in a person's words.
func (e *NetError) Error() string {
	what := map[string]string{
		"list": "listing", "stat": "looking up", "get": "downloading", "put": "uploading",
		"delete": "deleting", "mkdir": "creating the folder", "move": "moving",
	}[e.Op]
	return fmt.Sprintf("%s: %s failed: %s", displayName(e.Name), what, describeNetError(e.Err))
}

// Unwrap gives the network's own error.
func (e *NetError) Unwrap() error { return e.Err }

// describeNetError says what went wrong on the way to the server, in a person's words.
func describeNetError(err error) string {
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var recErr tls.RecordHeaderError
	var verify *tls.CertificateVerificationError
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &unknownCA) || errors.As(err, &verify):
		return "the server's certificate is not trusted (" + innerMessage(err) + "); check the address, or install the certificate authority"
	case errors.As(err, &hostErr):
		return "the server's certificate is for another name (" + hostErr.Error() + ")"
	case errors.As(err, &invalid):
		return "the server's certificate is not valid (" + invalid.Error() + ")"
	case errors.As(err, &recErr):
		return "the server does not speak https on this address"
	case errors.Is(err, errStalled):
		return errStalled.Error()
	case errors.Is(err, context.Canceled):
		return "stopped"
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return "the server did not answer in time"
	case errors.As(err, &dnsErr):
		return "no server is known by the name " + dnsErr.Name
	case errors.Is(err, syscall.ECONNREFUSED):
		return "the server refused the connection (is it running, is the address right?)"
	case errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return "the connection was dropped"
	}
	return innerMessage(err)
}

// innerMessage is an error's message without net/http's `Get "https://…":` prefix.
func innerMessage(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// parseETag returns a strong ETag's value, or "" for a weak, missing or malformed one.
func parseETag(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' && !strings.Contains(s[1:len(s)-1], `"`) {
		return s[1 : len(s)-1]
	}
	return ""
}

// parseChecksum finds a SHA-256 in a checksum list like Nextcloud's "SHA1:… MD5:… SHA256:…".
func parseChecksum(s string) string {
	for _, f := range strings.Fields(strings.ReplaceAll(s, ",", " ")) {
		if k, v, ok := strings.Cut(f, ":"); ok && strings.EqualFold(k, "SHA256") && len(v) == 64 {
			return strings.ToLower(v)
		}
	}
	return ""
}

// List implements Remote with one Depth 1 PROPFIND.
func (d *DAV) List(ctx context.Context, dir string) ([]Entry, error) {
	ms, u, err := d.propfind(ctx, "list", dir, true, "1")
	if err != nil {
		return nil, err
	}
	self := u.Path
	out := make([]Entry, 0, len(ms.Responses))
	sawSelf := false
	for _, r := range ms.Responses {
		name, isSelf, err := d.childName(u, r.href())
		if err != nil {
			return nil, fmt.Errorf("%s: the listing is malformed: %v", displayName(dir), err)
		}
		if isSelf {
			sawSelf = true
			continue
		}
		e, ok := r.entry(name)
		if !ok {
			// An entry the server could not describe (status 404 inside 207): the listing is partial.
			return nil, fmt.Errorf("%s: the listing is partial (the server could not describe %q)", displayName(dir), name)
		}
		out = append(out, e)
	}
	if !sawSelf && len(ms.Responses) == 0 {
		return nil, fmt.Errorf("%s: the listing is empty, not even the folder itself (%s)", displayName(dir), self)
	}
	return out, nil
}

// Stat implements Remote with one Depth 0 PROPFIND.
func (d *DAV) Stat(ctx context.Context, name string) (Entry, error) {
	ms, _, err := d.propfind(ctx, "stat", name, false, "0")
	if err != nil {
		return Entry{}, err
	}
	if len(ms.Responses) != 1 {
		return Entry{}, fmt.Errorf("%s: the server described %d things instead of one", displayName(name), len(ms.Responses))
	}
	e, ok := ms.Responses[0].entry(name)
	if !ok {
		return Entry{}, errNotFound("stat", name)
	}
	return e, nil
}

const propfindBody = `<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop>
<d:resourcetype/><d:getcontentlength/><d:getetag/><d:getlastmodified/><oc:checksums/>
</d:prop></d:propfind>`

// listingLimit bounds how much of a listing is read: 2,000 entries take about 1 MB.
const listingLimit = 64 << 20

func (d *DAV) propfind(ctx context.Context, op, name string, dir bool, depth string) (*multistatus, *url.URL, error) {
	u := d.target(name, dir)
	hdr := http.Header{"Depth": {depth}, "Content-Type": {`application/xml; charset="utf-8"`}}
	resp, done, err := d.do(ctx, "PROPFIND", u, strings.NewReader(propfindBody), int64(len(propfindBody)), hdr)
	if err != nil {
		return nil, nil, &NetError{Op: op, Name: name, Err: err}
	}
	defer done()
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusMultiStatus {
		if resp.StatusCode/100 == 2 {
			return nil, nil, fmt.Errorf("%s: the server answered %s instead of a WebDAV listing: is the address a WebDAV folder?", displayName(name), resp.Status)
		}
		return nil, nil, refusal(op, name, resp)
	}
	var ms multistatus
	body := io.LimitReader(resp.Body, listingLimit)
	if err := xml.NewDecoder(body).Decode(&ms); err != nil {
		if isTimeout(err) || errors.Is(err, errStalled) || errors.Is(err, context.Canceled) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, nil, &NetError{Op: op, Name: name, Err: err}
		}
		return nil, nil, fmt.Errorf("%s: the listing is not valid WebDAV XML: %v", displayName(name), err)
	}
	if _, err := io.Copy(io.Discard, body); err != nil {
		return nil, nil, &NetError{Op: op, Name: name, Err: err}
	}
	return &ms, u, nil
}

// childName turns a listing's href into the entry's name inside the listed folder (untrusted: it may
// hold "..", slashes or be absolute, and CheckName refuses those), or says it is the folder itself.
func (d *DAV) childName(folder *url.URL, href string) (string, bool, error) {
	h, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return "", false, fmt.Errorf("href %q is not a URL", href)
	}
	if h.Scheme != "" || h.Host != "" {
		if !strings.EqualFold(h.Scheme, folder.Scheme) || !strings.EqualFold(h.Host, folder.Host) {
			return h.String(), false, nil // on another server: CheckName refuses it as absolute
		}
	}
	p := h.Path
	if !strings.HasPrefix(p, "/") {
		p = folder.Path + p
	}
	fp := folder.Path
	if !strings.HasSuffix(fp, "/") {
		fp += "/"
	}
	if p == fp || p+"/" == fp {
		return "", true, nil
	}
	if !strings.HasPrefix(p, fp) {
		return p, false, nil
	}
	return strings.TrimSuffix(p[len(fp):], "/"), false, nil
}

// multistatus is the part of a 207 Multi-Status answer a listing needs.
type multistatus struct {
	Responses []msResponse `xml:"DAV: response"`
}

type msResponse struct {
	Hrefs     []string     `xml:"DAV: href"`
	Status    string       `xml:"DAV: status"`
	Propstats []msPropstat `xml:"DAV: propstat"`
}

type msPropstat struct {
	Prop   msProp `xml:"DAV: prop"`
	Status string `xml:"DAV: status"`
}

type msProp struct {
	ResourceType *struct {
		Collection *struct{} `xml:"DAV: collection"`
	} `xml:"DAV: resourcetype"`
	Length    *string `xml:"DAV: getcontentlength"`
	ETag      *string `xml:"DAV: getetag"`
	Modified  *string `xml:"DAV: getlastmodified"`
	Checksums *struct {
		Checksum []string `xml:"http://owncloud.org/ns checksum"`
	} `xml:"http://owncloud.org/ns checksums"`
}

func (r *msResponse) href() string {
	if len(r.Hrefs) == 0 {
		return ""
	}
	return r.Hrefs[0]
}

// statusOK reads "HTTP/1.1 200 OK"; an absent status counts as success.
func statusOK(s string) bool {
	f := strings.Fields(s)
	return len(f) < 2 || f[1] == "200"
}

// entry merges the response's successful propstats; false when the response itself is an error.
func (r *msResponse) entry(name string) (Entry, bool) {
	if r.Status != "" && !statusOK(r.Status) {
		return Entry{}, false
	}
	e := Entry{Name: name, Size: -1}
	for _, ps := range r.Propstats {
		if !statusOK(ps.Status) {
			continue
		}
		p := ps.Prop
		if p.ResourceType != nil && p.ResourceType.Collection != nil {
			e.IsDir = true
		}
		if p.Length != nil {
			if n, err := strconv.ParseInt(strings.TrimSpace(*p.Length), 10, 64); err == nil && n >= 0 {
				e.Size = n
			}
		}
		if p.ETag != nil {
			e.ETag = parseETag(*p.ETag)
		}
		if p.Modified != nil {
			if t, err := http.ParseTime(strings.TrimSpace(*p.Modified)); err == nil {
				e.ModTime = t
			}
		}
		if p.Checksums != nil {
			for _, c := range p.Checksums.Checksum {
				if s := parseChecksum(c); s != "" {
					e.SHA256 = s
				}
			}
		}
	}
	if e.IsDir {
		e.Size = 0
	}
	return e, true
}

// Get implements Remote; the body is guarded against stalls and must be closed.
func (d *DAV) Get(ctx context.Context, name string) (io.ReadCloser, Entry, error) {
	resp, done, err := d.do(ctx, http.MethodGet, d.target(name, false), nil, 0, http.Header{"Accept-Encoding": {"identity"}})
	if err != nil {
		return nil, Entry{}, &NetError{Op: "get", Name: name, Err: err}
	}
	if resp.StatusCode != http.StatusOK {
		err := refusal("get", name, resp)
		resp.Body.Close()
		done()
		return nil, Entry{}, err
	}
	e := Entry{Name: name, Size: resp.ContentLength, ETag: parseETag(resp.Header.Get("ETag"))}
	if e.ETag == "" {
		e.ETag = parseETag(resp.Header.Get("OC-ETag"))
	}
	return &doneCloser{ReadCloser: resp.Body, done: done, op: "get", name: name}, e, nil
}

// doneCloser releases a request's guard when its body is closed and names read errors.
type doneCloser struct {
	io.ReadCloser
	done     func()
	once     sync.Once
	op, name string
}

func (c *doneCloser) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		err = &NetError{Op: c.op, Name: c.name, Err: err}
	}
	return n, err
}

func (c *doneCloser) Close() error {
	err := c.ReadCloser.Close()
	c.once.Do(c.done)
	return err
}

// Put implements Remote: Content-Length always, If-Match / If-None-Match when asked.
func (d *DAV) Put(ctx context.Context, name string, body io.Reader, size int64, opt PutOptions) (PutResult, error) {
	hdr := http.Header{"Content-Type": {"application/octet-stream"}}
	if opt.IfMatch != "" {
		hdr.Set("If-Match", `"`+opt.IfMatch+`"`)
	}
	if opt.IfNoneMatch {
		hdr.Set("If-None-Match", "*")
	}
	if opt.SHA256 != "" {
		// Nextcloud and ownCloud store this and list it back in oc:checksums.
		hdr.Set("OC-Checksum", "SHA256:"+opt.SHA256)
		hdr.Set("X-Hash", "sha256")
	}
	resp, done, err := d.do(ctx, http.MethodPut, d.target(name, false), io.LimitReader(body, size), size, hdr)
	if err != nil {
		return PutResult{}, &NetError{Op: "put", Name: name, Err: err}
	}
	defer done()
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return PutResult{}, refusal("put", name, resp)
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	res := PutResult{ETag: parseETag(resp.Header.Get("ETag"))}
	if res.ETag == "" {
		res.ETag = parseETag(resp.Header.Get("OC-ETag"))
	}
	res.SHA256 = parseChecksum(resp.Header.Get("OC-Checksum"))
	if h := strings.ToLower(strings.TrimSpace(resp.Header.Get("X-Hash-SHA256"))); len(h) == 64 {
		res.SHA256 = h
	}
	return res, nil
}

// simple sends a request without a body and turns anything but 2xx into an error.
func (d *DAV) simple(ctx context.Context, op, method, name string, dir bool, hdr http.Header) error {
	resp, done, err := d.do(ctx, method, d.target(name, dir), nil, 0, hdr)
	if err != nil {
		return &NetError{Op: op, Name: name, Err: err}
	}
	defer done()
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return refusal(op, name, resp)
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return nil
}

// Delete implements Remote.
func (d *DAV) Delete(ctx context.Context, name string, ifMatch string) error {
	hdr := http.Header{}
	if ifMatch != "" {
		hdr.Set("If-Match", `"`+ifMatch+`"`)
	}
	return d.simple(ctx, "delete", http.MethodDelete, name, false, hdr)
}

// Mkdir implements Remote with MKCOL.
func (d *DAV) Mkdir(ctx context.Context, name string) error {
	return d.simple(ctx, "mkdir", "MKCOL", name, false, nil)
}

// Move implements Remote with MOVE and Overwrite: F.
func (d *DAV) Move(ctx context.Context, from, to string) error {
	hdr := http.Header{"Destination": {d.target(to, false).String()}, "Overwrite": {"F"}}
	return d.simple(ctx, "move", "MOVE", from, false, hdr)
}
