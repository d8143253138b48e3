package export

// Copying pages between PDFs this package wrote.
//
// gofpdf spends about 8 ms on every document it closes, however small: it hashes each
// UTF-8 font by JSON-encoding 65,536 glyph widths and compresses a 128 KB CIDToGIDMap per
// font. A batch of 1,440 one-page timesheets would spend most of its time there. So the
// batch renders a person's months as one document and copies each month's pages out into
// a file of its own, and every month into the combined file, objects verbatim. This reads
// only what gofpdf writes (and codeberg.org/go-pdf/fpdf, the same code): a classic xref
// table, one page tree, no object streams, no encryption.

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"unicode/utf16"

	"github.com/klauspost/compress/zlib"
)

// pdfSource is a finished PDF read back for copying its pages.
type pdfSource struct {
	raw     []byte
	version string         // "1.3"
	objs    map[int][2]int // object number → byte range of its body, between "N 0 obj" and "endobj"
	pages   []int          // page objects in order
	media   string         // the page tree's default MediaBox, e.g. "[0 0 595.28 841.89]"
	dates   string         // the Info dictionary's CreationDate and ModDate entries
	over    map[int][]byte // bodies replaced after reading (streams compressed here)
}

var (
	reRef      = regexp.MustCompile(`(^|[^0-9A-Za-z])(\d+) 0 R\b`)
	reObjHead  = regexp.MustCompile(`^(\d+) 0 obj\s*`)
	reRoot     = regexp.MustCompile(`/Root (\d+) 0 R`)
	reInfo     = regexp.MustCompile(`/Info (\d+) 0 R`)
	rePages    = regexp.MustCompile(`/Pages (\d+) 0 R`)
	reKids     = regexp.MustCompile(`/Kids \[([^\]]*)\]`)
	reMediaBox = regexp.MustCompile(`/MediaBox (\[[^\]]*\])`)
	reLength   = regexp.MustCompile(`^<</Length (\d+)>>\s*$`)
	reDates    = regexp.MustCompile(`/(?:CreationDate|ModDate) \((?:[^()\\]|\\.)*\)`)
)

// readPDF indexes the objects of a PDF written by gofpdf.
func readPDF(raw []byte) (*pdfSource, error) {
	bad := func(what string) error { return fmt.Errorf("export: reading back the PDF: %s", what) }
	if !bytes.HasPrefix(raw, []byte("%PDF-")) {
		return nil, bad("no header")
	}
	version, _, _ := bytes.Cut(raw[5:], []byte("\n"))
	sx := bytes.LastIndex(raw, []byte("startxref"))
	if sx < 0 {
		return nil, bad("no startxref")
	}
	fields := bytes.Fields(raw[sx+len("startxref"):])
	if len(fields) == 0 {
		return nil, bad("no xref offset")
	}
	xref, err := strconv.Atoi(string(fields[0]))
	if err != nil || xref <= 0 || xref >= len(raw) || !bytes.HasPrefix(raw[xref:], []byte("xref")) {
		return nil, bad("bad xref offset")
	}
	// The classic table: subsections "first count", then 20-byte entries.
	offsets := map[int]int{}
	sc := bufio.NewScanner(bytes.NewReader(raw[xref+4:]))
	trailerAt := -1
	pos := xref + 4
	for sc.Scan() {
		line := sc.Text()
		pos += len(line) + 1
		if line == "" {
			continue
		}
		if line == "trailer" {
			trailerAt = pos
			break
		}
		var first, count int
		if _, err := fmt.Sscanf(line, "%d %d", &first, &count); err != nil {
			return nil, bad("bad xref subsection " + strconv.Quote(line))
		}
		for i := 0; i < count; i++ {
			if !sc.Scan() {
				return nil, bad("short xref table")
			}
			e := sc.Text()
			pos += len(e) + 1
			if len(e) >= 18 && e[17] == 'n' {
				off, err := strconv.Atoi(e[:10])
				if err != nil {
					return nil, bad("bad xref entry")
				}
				offsets[first+i] = off
			}
		}
	}
	if trailerAt < 0 {
		return nil, bad("no trailer")
	}
	trailer := raw[trailerAt:]
	// Objects follow one another: each ends where the next begins (or at the xref table).
	starts := make([]int, 0, len(offsets))
	for _, off := range offsets {
		starts = append(starts, off)
	}
	sort.Ints(starts)
	next := map[int]int{}
	for i, s := range starts {
		if i+1 < len(starts) {
			next[s] = starts[i+1]
		} else {
			next[s] = xref
		}
	}
	src := &pdfSource{raw: raw, version: string(bytes.TrimSpace(version)), objs: map[int][2]int{}}
	for n, off := range offsets {
		end := next[off]
		if off >= end || end > len(raw) {
			return nil, bad("object " + strconv.Itoa(n) + " out of range")
		}
		obj := raw[off:end]
		head := reObjHead.Find(obj)
		if head == nil {
			return nil, bad("object " + strconv.Itoa(n) + " has no header")
		}
		tail := bytes.LastIndex(obj, []byte("endobj"))
		if tail < len(head) {
			return nil, bad("object " + strconv.Itoa(n) + " has no end")
		}
		src.objs[n] = [2]int{off + len(head), off + tail}
	}
	root := reRoot.FindSubmatch(trailer)
	if root == nil {
		return nil, bad("no /Root")
	}
	catalog := src.body(atoi(root[1]))
	pagesRef := rePages.FindSubmatch(catalog)
	if pagesRef == nil {
		return nil, bad("no page tree")
	}
	tree := src.body(atoi(pagesRef[1]))
	kids := reKids.FindSubmatch(tree)
	if kids == nil {
		return nil, bad("no /Kids")
	}
	for _, m := range reRef.FindAllSubmatch(kids[1], -1) {
		n := atoi(m[2])
		if !bytes.Contains(src.body(n), []byte("/Type /Page")) {
			return nil, bad("a page tree deeper than one level")
		}
		src.pages = append(src.pages, n)
	}
	if m := reMediaBox.FindSubmatch(tree); m != nil {
		src.media = string(m[1])
	}
	if info := reInfo.FindSubmatch(trailer); info != nil {
		for _, d := range reDates.FindAll(src.body(atoi(info[1])), -1) {
			src.dates += string(d) + "\n"
		}
	}
	return src, nil
}

func atoi(b []byte) int {
	n, _ := strconv.Atoi(string(b))
	return n
}

// body is an object's text between its header and "endobj", or nil.
func (s *pdfSource) body(n int) []byte {
	if b, ok := s.over[n]; ok {
		return b
	}
	r, ok := s.objs[n]
	if !ok {
		return nil
	}
	return s.raw[r[0]:r[1]]
}

// compressStreams deflates, with zw, every stream gofpdf left uncompressed (the page contents when
// the document was written without compression), so they are compressed once however often copied.
func (s *pdfSource) compressStreams(zw *zlib.Writer) error {
	var buf bytes.Buffer
	for n := range s.objs {
		head, stream := dict(s.body(n))
		if stream == nil || bytes.Contains(head, []byte("/Filter")) {
			continue
		}
		m := reLength.FindSubmatch(head)
		data, ok := bytes.CutPrefix(stream, []byte("stream\n"))
		if m == nil || !ok || len(data) < atoi(m[1]) {
			continue
		}
		data = data[:atoi(m[1])]
		buf.Reset()
		zw.Reset(&buf)
		if _, err := zw.Write(data); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		body := fmt.Appendf(make([]byte, 0, buf.Len()+64), "<</Length %d/Filter /FlateDecode>>\nstream\n", buf.Len())
		body = append(append(body, buf.Bytes()...), "\nendstream\n"...)
		if s.over == nil {
			s.over = map[int][]byte{}
		}
		s.over[n] = body
	}
	return nil
}

// dict is the part of a body references can be in: all of it, or what comes before its stream.
func dict(body []byte) ([]byte, []byte) {
	if i := bytes.Index(body, []byte("stream\n")); i >= 0 && (i == 0 || body[i-1] == '\n' || body[i-1] == '>' || body[i-1] == ' ') {
		return body[:i], body[i:]
	}
	return body, nil
}

// pdfWriter writes a new PDF out of pages of others; objects 1–3 are its page tree, catalog and info.
type pdfWriter struct {
	w       *bufio.Writer
	off     int64
	offsets map[int]int64
	next    int
	kids    []int
	media   string
	version string
	err     error
	scratch []byte // the renumbered dictionary being written
}

const (
	objPages   = 1
	objCatalog = 2
	objInfo    = 3
)

func newPDFWriter(w io.Writer, version string) *pdfWriter {
	bw, ok := w.(*bufio.Writer)
	if !ok {
		bw = bufio.NewWriterSize(w, 64<<10)
	}
	p := &pdfWriter{w: bw, offsets: map[int]int64{}, next: 4, version: version}
	p.printf("%%PDF-%s\n%%\xe2\xe3\xcf\xd3\n", version)
	return p
}

func (p *pdfWriter) write(b []byte) {
	if p.err != nil {
		return
	}
	n, err := p.w.Write(b)
	p.off += int64(n)
	p.err = err
}

func (p *pdfWriter) printf(format string, args ...any) { p.write([]byte(fmt.Sprintf(format, args...))) }

// copyPages appends the pages (indexes into src.pages) with everything they use, renumbered.
func (p *pdfWriter) copyPages(src *pdfSource, pages []int) error {
	if p.media == "" {
		p.media = src.media
	}
	mapped := map[int]int{}
	var queue []int
	number := func(old int) int {
		if n, ok := mapped[old]; ok {
			return n
		}
		mapped[old] = p.next
		p.next++
		queue = append(queue, old)
		return mapped[old]
	}
	for _, i := range pages {
		if i < 0 || i >= len(src.pages) {
			return fmt.Errorf("export: page %d of %d", i+1, len(src.pages))
		}
		p.kids = append(p.kids, number(src.pages[i]))
	}
	for len(queue) > 0 {
		old := queue[0]
		queue = queue[1:]
		body := src.body(old)
		if body == nil {
			return fmt.Errorf("export: reading back the PDF: object %d is missing", old)
		}
		head, stream := dict(body)
		// Pages hang from the new tree (object 1); every other reference is renumbered.
		var missing error
		head = renumberRefs(p.scratch[:0], head, func(ref int) int {
			if _, ok := src.objs[ref]; !ok && missing == nil {
				missing = fmt.Errorf("export: reading back the PDF: object %d refers to missing %d", old, ref)
			}
			return number(ref)
		})
		p.scratch = head
		if missing != nil {
			return missing
		}
		p.offsets[mapped[old]] = p.off
		p.printf("%d 0 obj\n", mapped[old])
		p.write(head)
		p.write(stream)
		p.write([]byte("endobj\n"))
	}
	return p.err
}

// renumberRefs appends src to dst with each indirect reference "N 0 R" (N not part of a longer word)
// replaced by number(N), and a page's "/Parent N 0 R" by the new page tree, "1 0 R". It does what
// the regular expression (^|[^0-9A-Za-z])(\d+) 0 R\b would, without its cost on every object.
func renumberRefs(dst, src []byte, number func(int) int) []byte {
	isWord := func(c byte) bool {
		return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_'
	}
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	parent := []byte("/Parent ")
	i, done := 0, 0
	for i < len(src) {
		if !isDigit(src[i]) || (i > 0 && (isDigit(src[i-1]) || src[i-1] >= 'A' && src[i-1] <= 'Z' || src[i-1] >= 'a' && src[i-1] <= 'z')) {
			i++
			continue
		}
		j := i
		for j < len(src) && isDigit(src[j]) {
			j++
		}
		if !bytes.HasPrefix(src[j:], []byte(" 0 R")) || (j+4 < len(src) && isWord(src[j+4])) {
			i = j
			continue
		}
		dst = append(dst, src[done:i]...)
		if i >= len(parent) && bytes.Equal(src[i-len(parent):i], parent) {
			dst = append(dst, '1')
		} else {
			n, err := strconv.Atoi(string(src[i:j]))
			if err != nil { // too long for an int: leave it as it is
				dst = append(dst, src[i:j]...)
			} else {
				dst = strconv.AppendInt(dst, int64(number(n)), 10)
			}
		}
		dst = append(dst, " 0 R"...)
		i = j + 4
		done = i
	}
	return append(dst, src[done:]...)
}

// close writes the page tree, catalog, info (title) and cross-reference table.
func (p *pdfWriter) close(title, dates string) error {
	if len(p.kids) == 0 {
		return fmt.Errorf("export: a PDF without pages")
	}
	p.offsets[objPages] = p.off
	var kids bytes.Buffer
	for _, k := range p.kids {
		kids.WriteString(strconv.Itoa(k))
		kids.WriteString(" 0 R ")
	}
	media := ""
	if p.media != "" {
		media = "/MediaBox " + p.media + "\n"
	}
	p.printf("1 0 obj\n<</Type /Pages\n/Kids [%s]\n/Count %d\n%s>>\nendobj\n", kids.String(), len(p.kids), media)
	p.offsets[objCatalog] = p.off
	p.printf("2 0 obj\n<</Type /Catalog\n/Pages 1 0 R>>\nendobj\n")
	p.offsets[objInfo] = p.off
	p.printf("3 0 obj\n<</Producer %s\n/Title %s\n/Creator %s\n%s>>\nendobj\n",
		pdfText("Partnerdesk (gofpdf)"), pdfText(title), pdfText("Partnerdesk"), dates)
	xref := p.off
	p.printf("xref\n0 %d\n0000000000 65535 f \n", p.next)
	for n := 1; n < p.next; n++ {
		p.printf("%010d 00000 n \n", p.offsets[n])
	}
	p.printf("trailer\n<<\n/Size %d\n/Root 2 0 R\n/Info 3 0 R\n>>\nstartxref\n%d\n%%%%EOF\n", p.next, xref)
	if p.err != nil {
		return p.err
	}
	return p.w.Flush()
}

// pdfText encodes a string for an Info entry: UTF-16BE with a byte-order mark, as a hex string.
func pdfText(s string) string {
	var b bytes.Buffer
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}
