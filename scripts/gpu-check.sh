#!/usr/bin/env bash
# The GPU check: builds the GPU variant of the silo, starts one silo with it on GPU 0, loads the same model
# on the GPU and on the CPU, and reports the provider each replica runs on, the NVML device, throughput at
# 1 and 8 rows for both, and whether the GPU memory the process uses stays within the replica's reservation.
#
#   scripts/gpu-check.sh            # needs an NVIDIA GPU, its driver, CUDA 13 and cuDNN 9 libraries
#
# Exits non-zero with a message when there is no NVIDIA GPU, or when any check fails.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "gpu-check: FAILED: $*" >&2; exit 1; }

command -v nvidia-smi >/dev/null 2>&1 || fail "no nvidia-smi: this machine has no NVIDIA GPU or driver; nothing to check"
nvidia-smi -L 2>/dev/null | grep -q '^GPU 0' || fail "nvidia-smi lists no GPU 0: no usable NVIDIA GPU here"

state="${GPU_CHECK_STATE:-/tmp/granary-gpu-check}"
artifacts="$state/build"
models="$state/models"
memory_mib="${GPU_CHECK_MEMORY_MIB:-1024}"
grpc_port=50061
http_port=8071
rm -rf "$models" && mkdir -p "$state" "$models"

echo "== NVML device"
nvidia-smi --query-gpu=index,name,memory.total,driver_version --format=csv,noheader -i 0

echo "== building the GPU variant (-p:OnnxRuntimeGpu=true) into $artifacts"
dotnet build silo/Granary.Silo.csproj -c Release -p:OnnxRuntimeGpu=true --artifacts-path "$artifacts" -v q \
  || fail "the GPU variant does not build"
silo_dll="$(find "$artifacts/bin/Granary.Silo" -name Granary.Silo.dll | head -1)"
[[ -f "$silo_dll" ]] || fail "no Granary.Silo.dll under $artifacts/bin"

# The demo models give us an ONNX file; the check serves the same file as mlp-gpu (device gpu, a fixed
# reservation) and mlp-cpu (device cpu).
echo "== starting one silo (GPU 0 found through NVML; each replica reserves $memory_mib MiB)"
export Granary__Orleans__SiloName=gpu-check Granary__Grpc__Port=$grpc_port Granary__Grpc__HttpPort=$http_port \
  Granary__Repository__Path="$models" Granary__Auth__AdminKeys__0=gpu-check-admin
dotnet "$silo_dll" >"$state/silo.log" 2>&1 &
silo_pid=$!
trap 'kill "$silo_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$http_port/healthz" >/dev/null 2>&1 && break
  kill -0 "$silo_pid" 2>/dev/null || fail "the silo exited; see $state/silo.log"
  sleep 0.5
done
curl -fs "http://127.0.0.1:$http_port/healthz" >/dev/null || fail "the silo is not ready after 60 s; see $state/silo.log"

onnx="$(find "$models" -path '*/mlp*/1/model.onnx' | head -1)"
[[ -f "$onnx" ]] || fail "no demo mlp model under $models to copy"
for device in gpu cpu; do
  mkdir -p "$models/mlp-$device/1"
  cp "$onnx" "$models/mlp-$device/1/model.onnx"
  cat >"$models/mlp-$device/model.json" <<JSON
{
  "description": "gpu-check: the demo MLP on $device",
  "deployment": { "replicas": 1, "instances": 1, "intra_op_threads": 1, "max_batch_size": 64, "device": "$device",
                  "memory_mib": $memory_mib }
}
JSON
done

bench() {
  local model=$1
  dotnet run --project load-tests -c Release -- --address "http://127.0.0.1:$grpc_port" --model "$model" \
    --model-file "$models/$model/1/model.onnx" --concurrency 64 --rows 1,8 --skip-raw --skip-transport \
    --json "$state/$model.json" || fail "the load tool failed against $model"
}

echo "== throughput, GPU then CPU (the first call loads each replica)"
bench mlp-gpu
bench mlp-cpu

echo "== provider each replica runs on (from the silo's own log)"
gpu_provider="$(grep -o 'mlp-gpu[^ ]* on [A-Za-z]*ExecutionProvider' "$state/silo.log" | tail -1 | awk '{print $NF}')"
cpu_provider="$(grep -o 'mlp-cpu[^ ]* on [A-Za-z]*ExecutionProvider' "$state/silo.log" | tail -1 | awk '{print $NF}')"
echo "mlp-gpu: ${gpu_provider:-unknown}; mlp-cpu: ${cpu_provider:-unknown}"
grep -E 'could not be created|has no CUDA execution provider' "$state/silo.log" && fail "the GPU replica fell back to CPU (see the warning above)"
[[ "$gpu_provider" == CUDAExecutionProvider ]] || fail "the GPU replica reports '${gpu_provider:-nothing}', not CUDAExecutionProvider"

echo "== GPU memory of the silo against the reservation"
used_mib="$(nvidia-smi --query-compute-apps=pid,used_memory --format=csv,noheader,nounits -i 0 \
  | awk -F', *' -v pid="$silo_pid" '$1 == pid { print $2 }')"
[[ -n "$used_mib" ]] || fail "nvidia-smi shows no compute process for the silo (pid $silo_pid) on GPU 0"
# The CUDA context itself (a few hundred MiB) is not in the arena that gpu_mem_limit bounds.
context_mib="${GPU_CHECK_CONTEXT_MIB:-600}"
echo "silo uses $used_mib MiB on GPU 0; reservation $memory_mib MiB + CUDA context allowance $context_mib MiB"
((used_mib <= memory_mib + context_mib)) || fail "GPU memory $used_mib MiB exceeds the reservation"

echo "gpu-check: OK (reports in $state/mlp-gpu.json and $state/mlp-cpu.json)"
