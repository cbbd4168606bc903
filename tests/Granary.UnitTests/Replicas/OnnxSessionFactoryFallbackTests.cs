using Google.Protobuf;
using Granary.Devices;
using Granary.Logging;
using Granary.Models;
using Granary.Models.Synthesis;
using Granary.Replicas.Runtime;
using Microsoft.Extensions.Logging;

namespace Granary.UnitTests.Replicas;

/// <summary>
/// These run with the CPU package of ONNX Runtime. Told that CUDA is available, the factory goes down the same
/// path as the GPU package on a machine without a usable CUDA (no driver, no cuDNN, no device): creating the
/// CUDA provider throws, and the session must come up on CPU instead.
/// </summary>
public sealed class OnnxSessionFactoryFallbackTests : IDisposable
{
    private const long GiB = 1L << 30;
    private static readonly DeviceDescriptor DeclaredGpu = new(0, DeviceKind.Gpu, "declared gpu", 16 * GiB, "declared");

    private readonly string _model = Path.Combine(Path.GetTempPath(), $"granary-fallback-{Guid.NewGuid():N}.onnx");
    private readonly RecordingLogger _logger = new();

    public OnnxSessionFactoryFallbackTests() => File.WriteAllBytes(_model, ModelSynthesizer.FixedShapeDoubler().ToByteArray());

    public void Dispose() => File.Delete(_model);

    [Fact]
    public void A_gpu_replica_whose_cuda_provider_fails_runs_on_cpu_with_a_warning()
    {
        var factory = new OnnxSessionFactory(_logger, () => new HashSet<string> { OnnxSessionFactory.CudaProvider, OnnxSessionFactory.CpuProvider });

        var (session, provider) = factory.Create(_model, Deployment(), DeclaredGpu);
        using (session)
        {
            Assert.Equal(OnnxSessionFactory.CpuProvider, provider);
            var warning = Assert.Single(_logger.Entries, e => e.Level == LogLevel.Warning);
            Assert.Equal(LogEvents.CudaFallback, warning.EventId);
            Assert.NotNull(warning.Exception);
            Assert.Contains(_logger.Entries, e => e.EventId == LogEvents.SessionLoaded && e.Message.Contains(OnnxSessionFactory.CpuProvider, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_gpu_replica_on_the_cpu_build_reports_the_cpu_provider()
    {
        var factory = new OnnxSessionFactory(_logger);

        var (session, provider) = factory.Create(_model, Deployment(), DeclaredGpu);
        using (session)
        {
            Assert.Equal(OnnxSessionFactory.CpuProvider, provider);
            Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Warning && e.EventId is LogEvents.GpuWithoutCuda or LogEvents.CudaFallback);
        }
    }

    private static DeploymentSpec Deployment() => new(
        1, 1, 1, 8, 0, [], 64, "gpu", 1, 1, 256L << 20, new Dictionary<string, string>(), new AutoscalingSpec(0, TimeSpan.Zero, TimeSpan.Zero));

    private sealed record Entry(LogLevel Level, int EventId, string Message, Exception? Exception);

    private sealed class RecordingLogger : ILogger<OnnxSessionFactory>
    {
        private readonly List<Entry> _entries = [];

        public IReadOnlyList<Entry> Entries
        {
            get
            {
                lock (_entries)
                {
                    return [.. _entries];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_entries)
            {
                _entries.Add(new Entry(logLevel, eventId.Id, formatter(state, exception), exception));
            }
        }
    }
}
