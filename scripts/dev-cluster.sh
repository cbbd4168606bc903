#!/usr/bin/env bash
# A Granary cluster of real silo processes on this machine, joined through a local redis-server.
# The silos read the same configuration keys as docker-compose.yml, as environment variables.
#
#   scripts/dev-cluster.sh up [N]   start N silos (default 3): gRPC on 50051.., HTTP on 8081.., /metrics on 9465..
#   scripts/dev-cluster.sh status   which silos run, and their endpoints
#   scripts/dev-cluster.sh down     SIGTERM every silo and wait for it to drain and exit
#
# GRANARY_REDIS (default 127.0.0.1:6379) names the Redis server; a local one is started if none answers.
# Silo 1 declares a 16 GiB GPU and silo 2 a 40 GiB GPU (Granary:Devices; on a machine with NVIDIA GPUs the
# real ones are found through NVML instead); the others are CPU-only. Three GPU models join the demo models.
# REGIONS gives the silos their region label in order (data residency), e.g. REGIONS="eu eu us" scripts/dev-cluster.sh up 3;
# a silo past the list, or every silo without REGIONS, is in region "local".
set -euo pipefail
cd "$(dirname "$0")/.."

state=.granary/cluster
redis="${GRANARY_REDIS:-127.0.0.1:6379}"
redis_host="${redis%%:*}"
redis_port="${redis##*:}"

ensure_redis() {
  if redis-cli -h "$redis_host" -p "$redis_port" ping >/dev/null 2>&1; then
    return
  fi
  if [[ "$redis_host" != "127.0.0.1" && "$redis_host" != "localhost" ]] || ! command -v redis-server >/dev/null; then
    echo "no Redis answers at $redis; start one (apt-get install -y redis-server) or set GRANARY_REDIS" >&2
    exit 1
  fi
  mkdir -p "$state/redis"
  redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$PWD/$state/redis" --appendonly yes --daemonize yes >/dev/null
  echo "started redis-server on 127.0.0.1:$redis_port (AOF in $state/redis)"
}

declared_gpu() {
  case $1 in
    1) echo Granary__Devices__0__Kind=gpu Granary__Devices__0__Name=gpu-16g Granary__Devices__0__MemoryGiB=16 ;;
    2) echo Granary__Devices__0__Kind=gpu Granary__Devices__0__Name=gpu-40g Granary__Devices__0__MemoryGiB=40 ;;
  esac
}

write_gpu_models() {
  local cli=client/Granary.Cli/bin/Release/net10.0/granary.dll
  dotnet build client/Granary.Cli -c Release -v quiet -nologo >/dev/null
  [[ -d "$state/models/gpu-ranker" ]] || dotnet "$cli" models synth --kind mlp --hidden 256 --layers 2 --out "$state/models/gpu-ranker" --device gpu --memory-mib 6144 --replicas 2 >/dev/null
  [[ -d "$state/models/gpu-encoder" ]] || dotnet "$cli" models synth --kind mlp --hidden 256 --layers 2 --out "$state/models/gpu-encoder" --device gpu --memory-mib 10240 >/dev/null
  [[ -d "$state/models/gpu-large" ]] || dotnet "$cli" models synth --kind mlp --hidden 256 --layers 2 --out "$state/models/gpu-large" --device gpu --memory-mib 20480 >/dev/null
}

admin_key() {
  [[ -f "$state/admin-key" ]] || echo "dev-admin-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$state/admin-key"
  cat "$state/admin-key"
}

start_silo() {
  local i=$1
  local zones=(a b c)
  local regions
  read -r -a regions <<<"${REGIONS:-}"
  local region="${regions[$((i - 1))]:-local}"
  # shellcheck disable=SC2046 # declared_gpu prints separate VAR=value words on purpose
  env $(declared_gpu "$i") \
    Granary__Clustering=Redis \
    GRANARY_REDIS="$redis" \
    Granary__Orleans__ClusterId=granary-dev \
    Granary__Orleans__ServiceId=granary \
    Granary__Orleans__SiloName="silo-$i" \
    Granary__Orleans__AdvertisedAddress=127.0.0.1 \
    Granary__Orleans__SiloPort=$((11110 + i)) \
    Granary__Orleans__GatewayPort=$((30000 + i)) \
    Granary__Grpc__Port=$((50050 + i)) \
    Granary__Grpc__HttpPort=$((8080 + i)) \
    Granary__Telemetry__MetricsPort=$((9464 + i)) \
    Granary__Repository__Path="$PWD/$state/models" \
    Granary__Labels__region="$region" \
    Granary__Auth__AdminKeys__0="$(admin_key)" \
    Granary__Labels__zone="${zones[$(((i - 1) % 3))]}" \
    nohup dotnet silo/bin/Release/net10.0/Granary.Silo.dll >"$state/silo-$i.log" 2>&1 &
  echo $! >"$state/silo-$i.pid"
}

wait_ready() {
  local i=$1
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$((8080 + i))/healthz" >/dev/null 2>&1; then
      echo "silo-$i ready: gRPC 127.0.0.1:$((50050 + i)), REST http://127.0.0.1:$((8080 + i)), metrics http://127.0.0.1:$((9464 + i))/metrics"
      return
    fi
    if ! kill -0 "$(cat "$state/silo-$i.pid")" 2>/dev/null; then
      echo "silo-$i exited; see $state/silo-$i.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "silo-$i not ready after 60 s; see $state/silo-$i.log" >&2
  exit 1
}

# A Prometheus configuration for this cluster: every silo's management port, and the recording rules of deploy/.
write_prometheus_config() {
  local count=$1 targets=""
  for i in $(seq 1 "$count"); do
    targets+="${targets:+, }\"127.0.0.1:$((9464 + i))\""
  done
  cat >"$state/prometheus.yml" <<EOF
global:
  scrape_interval: 5s
  evaluation_interval: 5s
rule_files: ["$PWD/deploy/granary-rules.yml"]
scrape_configs:
  - job_name: granary
    static_configs:
      - targets: [$targets]
EOF
}

up() {
  local count=${1:-3}
  mkdir -p "$state"
  ensure_redis
  dotnet build silo -c Release -v quiet -nologo >/dev/null
  write_gpu_models
  # The first silo writes the demo models into the shared repository before the others read it.
  start_silo 1
  wait_ready 1
  for i in $(seq 2 "$count"); do
    start_silo "$i"
  done
  for i in $(seq 2 "$count"); do
    wait_ready "$i"
  done
  write_prometheus_config "$count"
  echo "cluster up: $count silo(s); logs in $state/ (silo-1.log has the demo tenant's key from the first start)"
  echo "prometheus: prometheus --config.file=$state/prometheus.yml --storage.tsdb.path=$state/prometheus --web.listen-address=127.0.0.1:9090"
  echo "admin key:  export GRANARY_API_KEY=$(admin_key)"
}

status() {
  shopt -s nullglob
  for pid_file in "$state"/silo-*.pid; do
    local name pid
    name=$(basename "$pid_file" .pid)
    pid=$(cat "$pid_file")
    if kill -0 "$pid" 2>/dev/null; then
      echo "$name running (pid $pid)"
    else
      echo "$name stopped"
    fi
  done
}

down() {
  shopt -s nullglob
  local pids=()
  for pid_file in "$state"/silo-*.pid; do
    pid=$(cat "$pid_file")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      pids+=("$pid")
    fi
    rm -f "$pid_file"
  done
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  done
  echo "cluster down: ${#pids[@]} silo(s) stopped"
}

case "${1:-}" in
  up) up "${2:-3}" ;;
  status) status ;;
  down) down ;;
  *) sed -n '2,9p' "$0" >&2; exit 2 ;;
esac
