# The two commands of the README: `make run` and `make test`. Everything else is CMake.
.PHONY: all build deps test-deps run test release format format-check clean bench

all: build

build:
	cmake --preset dev >/dev/null
	cmake --build --preset dev -j

deps:
	@scripts/deps.sh

test-deps:
	@scripts/deps.sh --test

release:
	cmake --preset release >/dev/null
	cmake --build --preset release -j

# Builds reco and runs its main job.
run: deps release
	@scripts/run.sh

# Builds with sanitizers, warnings as errors, and runs every test and the format check.
test: test-deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j
	@rc=0; ctest --preset asan || rc=1; \
	cmake --build build/asan --target format-check || rc=1; \
	exit $$rc

bench: deps release
	@bash bench/run.sh

format:
	cmake --build build/dev --target format

clean:
	rm -rf build
