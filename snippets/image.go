package snippets

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"path"
	"strings"
)

// MaxImageSize is the largest image an image_path reply may name.
const MaxImageSize = 10 << 20

// imagePathProblem says what is wrong with an image_path as written.
func imagePathProblem(p string) string {
	ext := strings.ToLower(path.Ext(p))
	switch {
	case strings.ContainsRune(p, '\\'):
		return fmt.Sprintf("image_path %q: write the path with / (it is relative to the snippet's file)", p)
	case path.IsAbs(p) || (len(p) > 1 && p[1] == ':'):
		return fmt.Sprintf("image_path %q must be relative to the snippet's file, so the library (or pack) carries the image", p)
	case ext != ".png" && ext != ".jpg" && ext != ".jpeg" && ext != ".gif":
		return fmt.Sprintf("image_path %q: kindly pastes PNG, JPEG and GIF images (.png, .jpg, .jpeg, .gif)", p)
	}
	return ""
}

// LoadImages reads the image of every image reply in snips (decoded from
// file, a path in fsys, named rel in positions) as PNG; a missing or
// unreadable image is a problem at its image_path. Load and LoadFS do it;
// call it after Decode.
func LoadImages(fsys fs.FS, file string, rel string, snips []Snippet) []Problem {
	var ps []Problem
	for i := range snips {
		s := &snips[i]
		if s.ImagePath == "" {
			continue
		}
		at := Pos{rel, int(s.imageAt.line), int(s.imageAt.col)}
		if s.imageAt == (linecol{}) {
			at = Pos{rel, s.Pos.Line, s.Pos.Col}
		}
		p := path.Join(path.Dir(file), s.ImagePath)
		if !fs.ValidPath(p) {
			ps = append(ps, Problem{at, Error, fmt.Sprintf("image_path %q points outside the library folder", s.ImagePath)})
			continue
		}
		data, err := readImage(fsys, p)
		if err != nil {
			ps = append(ps, Problem{at, Error, fmt.Sprintf("image_path %q: %v", s.ImagePath, err)})
			continue
		}
		s.Image = data
	}
	return ps
}

// readImage reads an image file and returns it as PNG.
func readImage(fsys fs.FS, p string) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("no such file next to the snippet's file")
		}
		return nil, fmt.Errorf("cannot read: %s", errText(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxImageSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %s", errText(err))
	}
	if len(data) > MaxImageSize {
		return nil, fmt.Errorf("the image is over the size limit of %d MiB", MaxImageSize>>20)
	}
	return ToPNG(data)
}

// ToPNG returns a PNG, JPEG or GIF image as PNG (a PNG as it is).
func ToPNG(data []byte) ([]byte, error) {
	_, kind, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("not a PNG, JPEG or GIF image")
	}
	var img image.Image
	switch kind {
	case "png":
		if _, err := png.Decode(bytes.NewReader(data)); err != nil {
			return nil, fmt.Errorf("broken PNG image: %v", err)
		}
		return data, nil
	case "jpeg":
		img, err = jpeg.Decode(bytes.NewReader(data))
	case "gif":
		img, err = gif.Decode(bytes.NewReader(data))
	default:
		return nil, fmt.Errorf("a %s image; kindly pastes PNG, JPEG and GIF", kind)
	}
	if err != nil {
		return nil, fmt.Errorf("broken %s image: %v", strings.ToUpper(kind), err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("convert to PNG: %w", err)
	}
	return buf.Bytes(), nil
}
