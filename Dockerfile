# The Granary silo as a container image.
#
#   docker build -t granary-silo .                                  # CPU: Microsoft.ML.OnnxRuntime
#   docker build -t granary-silo-gpu --build-arg ONNXRUNTIME_GPU=true .
#
# ONNXRUNTIME_GPU is passed to restore and publish as the MSBuild property OnnxRuntimeGpu, which
# switches Microsoft.ML.OnnxRuntime for Microsoft.ML.OnnxRuntime.Gpu (CUDA execution provider).
# The GPU image still needs the host's NVIDIA driver and container toolkit at run time.

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

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# gRPC (h2c), HTTP /metrics and /healthz, Orleans silo-to-silo, Orleans client gateway.
EXPOSE 50051 8080 11111 30000
ENTRYPOINT ["dotnet", "Granary.Silo.dll"]
