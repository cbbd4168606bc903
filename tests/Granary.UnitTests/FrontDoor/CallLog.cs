namespace Granary.UnitTests.FrontDoor;

/// <summary>The steps the front door took, in order, as its test doubles saw them.</summary>
public sealed class CallLog
{
    private readonly List<string> _steps = [];

    public IReadOnlyList<string> Steps => _steps;

    public void Add(string step) => _steps.Add(step);
}
