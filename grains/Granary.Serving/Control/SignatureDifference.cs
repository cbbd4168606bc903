using Granary.Models;

namespace Granary.Control;

/// <summary>The first way two versions' signatures differ, in words, or null when they are identical.</summary>
public static class SignatureDifference
{
    public static string? Between(RepositoryModelVersion a, RepositoryModelVersion b) =>
        Between("input", a.Version, a.Inputs, b.Version, b.Inputs) ?? Between("output", a.Version, a.Outputs, b.Version, b.Outputs);

    private static string? Between(string kind, long aVersion, IReadOnlyList<TensorSpec> a, long bVersion, IReadOnlyList<TensorSpec> b)
    {
        foreach (var spec in a)
        {
            var other = b.FirstOrDefault(t => t.Name == spec.Name);
            if (other is null)
            {
                return $"v{aVersion} has {kind} '{spec.Name}', which v{bVersion} lacks";
            }

            if (other.Datatype != spec.Datatype || !other.Shape.SequenceEqual(spec.Shape))
            {
                return $"{kind} '{spec.Name}' is {Describe(spec)} in v{aVersion} but {Describe(other)} in v{bVersion}";
            }
        }

        return b.FirstOrDefault(t => a.All(s => s.Name != t.Name)) is { } extra
            ? $"v{bVersion} has {kind} '{extra.Name}', which v{aVersion} lacks"
            : null;
    }

    private static string Describe(TensorSpec spec) => $"{spec.Datatype} [{string.Join(", ", spec.Shape)}]";
}
