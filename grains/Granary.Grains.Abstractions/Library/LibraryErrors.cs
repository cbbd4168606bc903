namespace Granary.Library;

/// <summary>An upload that is not a servable ONNX model, or a request with a bad name or field.</summary>
[GenerateSerializer, Alias("granary.InvalidModelUploadException")]
public sealed class InvalidModelUploadException(string message, string field) : Exception(message)
{
    [Id(0)]
    public string Field { get; } = field;
}

/// <summary>An upload over the configured size limit.</summary>
[GenerateSerializer, Alias("granary.ModelFileTooLargeException")]
public sealed class ModelFileTooLargeException(string message) : Exception(message);

/// <summary>A public model whose card misses required fields; <see cref="Missing"/> names them.</summary>
[GenerateSerializer, Alias("granary.ModelCardIncompleteException")]
public sealed class ModelCardIncompleteException(string message, IReadOnlyList<string> missing) : Exception(message)
{
    [Id(0)]
    public IReadOnlyList<string> Missing { get; } = missing;
}

/// <summary>The version is registered already: versions are immutable.</summary>
[GenerateSerializer, Alias("granary.ModelVersionExistsException")]
public sealed class ModelVersionExistsException(string message) : Exception(message);

/// <summary>A tenant's library would go over its plan: models, bytes, replicas or device memory.</summary>
[GenerateSerializer, Alias("granary.LibraryLimitExceededException")]
public sealed class LibraryLimitExceededException(string message, string limit) : Exception(message)
{
    [Id(0)]
    public string Limit { get; } = limit;
}
