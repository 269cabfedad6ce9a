#!/usr/bin/env bash
# Regenerates Sources/TaktPolicy/ONNX/onnx-subset.pb.swift from onnx-subset.proto.
# Needs protoc (Debian: protobuf-compiler) and protoc-gen-swift from
# apple/swift-protobuf at the version Package.swift names:
#   git clone https://github.com/apple/swift-protobuf && cd swift-protobuf   (or copy .build/checkouts/swift-protobuf)
#   git checkout 1.39.0 && swift build -c release --product protoc-gen-swift
#   PROTOC_GEN_SWIFT=$PWD/.build/release/protoc-gen-swift tools/onnx/generate.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../Sources/TaktPolicy/ONNX"
mkdir -p "$out"
protoc --plugin=protoc-gen-swift="${PROTOC_GEN_SWIFT:?set PROTOC_GEN_SWIFT to the protoc-gen-swift binary}" \
  --swift_opt=Visibility=Internal --swift_out="$out" -I "$here" "$here/onnx-subset.proto"
echo "wrote $out/onnx-subset.pb.swift"
