namespace Granary.Inference;

/// <summary>The named model, or the named version of it, does not exist.</summary>
[GenerateSerializer, Alias("granary.ModelNotFoundException")]
public sealed class ModelNotFoundException(string message) : Exception(message);

/// <summary>The request does not fit the model: wrong datatype, shape, byte count, input or output name.</summary>
[GenerateSerializer, Alias("granary.InvalidInferenceRequestException")]
public sealed class InvalidInferenceRequestException(string message, string field) : Exception(message)
{
    /// <summary>The input, output or request field the message is about.</summary>
    [Id(0)]
    public string Field { get; } = field;
}

/// <summary>A replica's queue is full; the caller should back off and retry.</summary>
[GenerateSerializer, Alias("granary.ReplicaOverloadedException")]
public sealed class ReplicaOverloadedException(string message, TimeSpan retryAfter) : Exception(message)
{
    [Id(0)]
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>The request's deadline passed before it ran, so it was dropped unrun.</summary>
[GenerateSerializer, Alias("granary.DeadlineExceededException")]
public sealed class DeadlineExceededException(string message) : Exception(message);

/// <summary>The model exists but no version of it can serve right now (loading or failed).</summary>
[GenerateSerializer, Alias("granary.ModelUnavailableException")]
public sealed class ModelUnavailableException(string message) : Exception(message);
