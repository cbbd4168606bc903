# The Granary silo as a container image.
#
#   docker build -t granary-silo .                                  # CPU: Microsoft.ML.OnnxRuntime
#   docker build -t granary-silo-gpu --build-arg ONNXRUNTIME_GPU=true --target runtime-gpu .
#
# ONNXRUNTIME_GPU is passed to restore and publish as the MSBuild property OnnxRuntimeGpu, which
# switches Microsoft.ML.OnnxRuntime for Microsoft.ML.OnnxRuntime.Gpu (CUDA execution provider).
# The GPU image still needs the host's NVIDIA driver and container toolkit at run time.

# The GPU image's base (stage runtime-gpu). Declared before the first FROM so that FROM can use them.
# Versions come from the restored package itself, not from the ONNX Runtime docs page: in
# microsoft.ml.onnxruntime.gpu.linux 1.31.0, runtimes/linux-x64/native/libonnxruntime_providers_cuda.so
# lists NEEDED libcudart.so.13, libcublas.so.13, libcublasLt.so.13 and libcurand.so.10 (readelf -d), so
# this release is built for CUDA 13, not 12; its cuDNN frontend strings require cuDNN 9 (9.x up to
# 9.24 features), loaded at run time as libcudnn.so.9. The package's README and nuspec name no versions.
ARG CUDA_VERSION=13.0.1
ARG CUDNN_FLAVOR=cudnn-runtime
ARG CUDA_OS=ubuntu24.04

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG ONNXRUNTIME_GPU=false
WORKDIR /src

# Project files first, so the restore layer is reused until a package or reference changes.
COPY Directory.Build.props Directory.Packages.props global.json ./
COPY protos/Granary.Protocol.csproj protos/
COPY models/Granary.Models/Granary.Models.csproj models/Granary.Models/
COPY grains/Granary.Grains.Abstractions/Granary.Grains.Abstractions.csproj grains/Granary.Grains.Abstractions/
COPY grains/Granary.Serving/Granary.Serving.csproj grains/Granary.Serving/
COPY silo/Granary.Silo.csproj silo/
RUN dotnet restore silo/Granary.Silo.csproj -p:OnnxRuntimeGpu=$ONNXRUNTIME_GPU

COPY .editorconfig ./
COPY protos/ protos/
COPY models/ models/
COPY grains/ grains/
COPY silo/ silo/
RUN dotnet publish silo/Granary.Silo.csproj -c Release --no-restore -o /app -p:OnnxRuntimeGpu=$ONNXRUNTIME_GPU

# The GPU runtime: NVIDIA's CUDA runtime image with cuDNN, plus the ASP.NET Core runtime.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS dotnet-runtime

FROM nvidia/cuda:${CUDA_VERSION}-${CUDNN_FLAVOR}-${CUDA_OS} AS runtime-gpu
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ca-certificates libicu74 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=dotnet-runtime /usr/share/dotnet /usr/share/dotnet
ENV DOTNET_ROOT=/usr/share/dotnet PATH=/usr/share/dotnet:$PATH
WORKDIR /app
COPY --from=build /app ./
EXPOSE 50051 8080 9464 11111 30000
ENTRYPOINT ["dotnet", "Granary.Silo.dll"]

# The CPU runtime, last so that a plain `docker build` makes it.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# gRPC (h2c), HTTP (REST, /healthz), the management port (/metrics, /healthz), Orleans silo-to-silo, Orleans client gateway.
EXPOSE 50051 8080 9464 11111 30000
ENTRYPOINT ["dotnet", "Granary.Silo.dll"]
