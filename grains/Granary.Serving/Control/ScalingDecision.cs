namespace Granary.Control;

/// <summary>A change of a version's desired replica count, and why.</summary>
internal sealed record ScalingDecision(int From, int To, string Why)
{
    public static ScalingDecision None { get; } = new(0, 0, "");

    public bool Changed => From != To;
}
