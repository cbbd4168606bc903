using Granary.Tenants.Plans;

namespace Granary.Library;

/// <summary>The model library (<c>Granary:Library</c>): size limits, where files are kept, and tenants' default bounds.</summary>
public sealed class LibraryOptions
{
    public const string Section = "Granary:Library";

    /// <summary>The largest model file an upload may carry.</summary>
    public long MaxFileBytes { get; set; } = 512L << 20;

    /// <summary>The size of one chunk of a file in Redis (cluster mode).</summary>
    public int ChunkBytes { get; set; } = 1 << 20;

    /// <summary>Embedded mode's store of files by sha256; empty: <c>&lt;state&gt;/library/blobs</c>.</summary>
    public string StorePath { get; set; } = "";

    /// <summary>This silo's cache of model files by sha256, which ONNX Runtime loads; empty: <c>&lt;state&gt;/library/cache</c>.</summary>
    public string CachePath { get; set; } = "";

    /// <summary>The prefix of the library's keys in Redis (cluster mode).</summary>
    public string RedisPrefix { get; set; } = "granary:library:";

    /// <summary>A tenant's bounds when its plan sets none.</summary>
    public PlanLibrary TenantDefaults { get; set; } = new() { MaxModels = 10, MaxBytes = 2L << 30, MaxReplicas = 2, MaxDeviceMemoryMib = 4096 };
}
