module github.com/kindly-support/kindly

go 1.26.0

require (
	github.com/fsnotify/fsnotify v1.10.1
	github.com/jezek/xgb v1.3.1
	github.com/robotn/gohook v0.42.3
	github.com/spf13/cobra v1.10.2
	golang.org/x/term v0.47.0
	gopkg.in/yaml.v3 v3.0.1
)

require (
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/spf13/pflag v1.0.9 // indirect
	github.com/vcaesar/keycode v0.20.0 // indirect
	github.com/vcaesar/tt v0.30.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
)
