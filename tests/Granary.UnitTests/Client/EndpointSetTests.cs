using Granary.Client.Failover;
using Microsoft.Extensions.Time.Testing;

namespace Granary.UnitTests.Client;

public sealed class EndpointSetTests
{
    private static readonly EjectionPolicy Ejection = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Calls_go_round_every_server()
    {
        var set = new EndpointSet(3, Ejection, _time);

        var picks = Enumerable.Range(0, 6).Select(_ => set.Pick([])).ToArray();

        Assert.Equal([0, 1, 2, 0, 1, 2], picks);
    }

    [Fact]
    public void An_ejected_server_gets_no_call_until_its_ejection_ends()
    {
        var set = new EndpointSet(3, Ejection, _time);
        set.Failed(1);

        var during = Enumerable.Range(0, 6).Select(_ => set.Pick([])).ToArray();
        _time.Advance(TimeSpan.FromSeconds(5));
        var after = Enumerable.Range(0, 3).Select(_ => set.Pick([])).ToArray();

        Assert.DoesNotContain(1, during);
        Assert.Contains(1, after);
    }

    [Fact]
    public void A_retry_goes_to_a_server_the_call_has_not_tried()
    {
        var set = new EndpointSet(3, Ejection, _time);
        set.Pick([]);

        Assert.Equal(2, set.Pick([1]));
        Assert.Equal(2, set.Pick([0, 1]));
    }

    [Fact]
    public void A_server_failing_again_after_its_return_is_ejected_twice_as_long_up_to_the_most()
    {
        var set = new EndpointSet(2, Ejection, _time);
        var ejections = new List<double>();
        for (var round = 0; round < 5; round++)
        {
            set.Failed(0);
            var ejectedFor = TimeSpan.Zero;
            while (set.IsEjected(0) && ejectedFor < TimeSpan.FromMinutes(5))
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                ejectedFor += TimeSpan.FromSeconds(1);
            }

            ejections.Add(ejectedFor.TotalSeconds);
        }

        Assert.Equal([5, 10, 20, 30, 30], ejections);
    }

    [Fact]
    public void Failures_while_ejected_do_not_lengthen_the_ejection_and_a_success_resets_it()
    {
        var set = new EndpointSet(2, Ejection, _time);
        set.Failed(0);
        set.Failed(0);
        set.Failed(0);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(set.IsEjected(0), "three failures of one outage ejected the server for more than the base time");

        set.Failed(0);
        set.Succeeded(0);
        Assert.False(set.IsEjected(0));
        set.Failed(0);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(set.IsEjected(0), "the ejection after a success did not start from the base time");
    }

    [Fact]
    public void When_every_server_is_ejected_the_one_back_first_is_used_preferring_one_not_tried()
    {
        var set = new EndpointSet(3, Ejection, _time);
        set.Failed(0);
        _time.Advance(TimeSpan.FromSeconds(1));
        set.Failed(1);
        _time.Advance(TimeSpan.FromSeconds(1));
        set.Failed(2);

        Assert.Equal(0, set.Pick([]));
        Assert.Equal(1, set.Pick([0]));
    }

    [Fact]
    public void When_an_ejection_ends_one_call_probes_the_server_and_the_others_keep_away_until_it_is_known()
    {
        var set = new EndpointSet(2, Ejection, _time);
        set.Failed(0);
        _time.Advance(TimeSpan.FromSeconds(5));

        var picks = Enumerable.Range(0, 4).Select(_ => set.Pick([])).ToArray();
        set.Failed(0);
        _time.Advance(TimeSpan.FromSeconds(10));
        var probe = set.Pick([]);
        set.Succeeded(0);
        var afterSuccess = Enumerable.Range(0, 4).Select(_ => set.Pick([])).ToArray();

        Assert.Equal(1, picks.Count(p => p == 0));
        Assert.Equal(0, probe);
        Assert.Equal(2, afterSuccess.Count(p => p == 0));
    }

    [Fact]
    public void A_probe_ended_by_its_caller_lets_the_next_call_probe()
    {
        var set = new EndpointSet(2, Ejection, _time);
        set.Failed(0);
        _time.Advance(TimeSpan.FromSeconds(5));
        var probe = set.Pick([]);
        Assert.Equal(0, probe);
        Assert.Equal(1, set.Pick([]));

        set.Released(0);

        Assert.Equal(0, set.Pick([]));
    }
}
