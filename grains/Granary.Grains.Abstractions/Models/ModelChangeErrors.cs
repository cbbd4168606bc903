namespace Granary.Models;

/// <summary>The model, or the version asked for, is unloaded: by an admin, or because its version policy leaves it out.</summary>
[GenerateSerializer, Alias("granary.ModelNotLoadedException")]
public sealed class ModelNotLoadedException(string message) : Exception(message);

/// <summary>A change to a model's deployment or traffic that is malformed; <see cref="Field"/> names what is wrong.</summary>
[GenerateSerializer, Alias("granary.InvalidModelChangeException")]
public sealed class InvalidModelChangeException(string message, string field) : Exception(message)
{
    [Id(0)]
    public string Field { get; } = field;
}

/// <summary>A well-formed change the model's versions cannot take as they stand: a split over versions whose signatures differ.</summary>
[GenerateSerializer, Alias("granary.ModelChangeConflictException")]
public sealed class ModelChangeConflictException(string message) : Exception(message);
