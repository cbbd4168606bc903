using Granary.Routing;
using Microsoft.Extensions.Time.Testing;

namespace Granary.UnitTests.Routing;

public sealed class OutlierEjectionTests
{
    private static readonly RoutingOptions Options = new()
    {
        ConsecutiveFailuresToEject = 3, BaseEjection = TimeSpan.FromSeconds(2), MaxEjection = TimeSpan.FromSeconds(5),
    };

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Consecutive_failures_eject_the_replica_for_the_base_time()
    {
        var replica = new OutlierEjection(Options, _time);

        Assert.False(replica.Failed(mayEject: true));
        Assert.False(replica.Failed(mayEject: true));
        Assert.True(replica.Failed(mayEject: true));

        Assert.True(replica.IsEjected());
        _time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.True(replica.IsEjected());
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(replica.IsEjected());
    }

    [Fact]
    public void A_success_between_failures_starts_the_count_again()
    {
        var replica = new OutlierEjection(Options, _time);
        replica.Failed(mayEject: true);
        replica.Failed(mayEject: true);

        replica.Succeeded();

        Assert.False(replica.Failed(mayEject: true));
        Assert.False(replica.Failed(mayEject: true));
        Assert.False(replica.IsEjected());
    }

    [Fact]
    public void Each_ejection_in_a_row_lasts_longer_up_to_the_cap()
    {
        var replica = new OutlierEjection(Options, _time);
        var lengths = new List<TimeSpan>();
        for (var ejection = 0; ejection < 4; ejection++)
        {
            Eject(replica);
            var out_ = TimeSpan.Zero;
            while (replica.IsEjected() && out_ < TimeSpan.FromMinutes(1))
            {
                _time.Advance(TimeSpan.FromMilliseconds(100));
                out_ += TimeSpan.FromMilliseconds(100);
            }

            lengths.Add(out_);
        }

        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)], lengths);
    }

    [Fact]
    public void A_replica_that_serves_as_long_as_it_was_out_starts_again_from_the_base_time()
    {
        var replica = new OutlierEjection(Options, _time);
        Eject(replica);
        _time.Advance(TimeSpan.FromSeconds(2));
        Eject(replica);
        Assert.Equal(2, replica.TimesEjected);

        _time.Advance(TimeSpan.FromSeconds(4) + TimeSpan.FromSeconds(4));
        replica.Succeeded();

        Assert.Equal(0, replica.TimesEjected);
    }

    [Fact]
    public void A_replica_is_not_ejected_when_that_would_take_out_too_many_of_its_version()
    {
        var replica = new OutlierEjection(Options, _time);
        for (var i = 0; i < 10; i++)
        {
            Assert.False(replica.Failed(mayEject: false));
        }

        Assert.False(replica.IsEjected());
    }

    [Theory]
    [InlineData(0, 1, 50, false)]
    [InlineData(0, 2, 50, true)]
    [InlineData(1, 2, 50, false)]
    [InlineData(1, 4, 50, true)]
    [InlineData(2, 4, 50, false)]
    [InlineData(0, 3, 0, false)]
    [InlineData(2, 3, 100, true)]
    public void At_most_the_stated_share_of_a_version_is_ejected(int ejected, int replicas, int maxPercent, bool mayEject)
    {
        Assert.Equal(mayEject, OutlierEjection.MayEject(ejected, replicas, maxPercent));
    }

    private static void Eject(OutlierEjection replica)
    {
        for (var i = 0; i < Options.ConsecutiveFailuresToEject; i++)
        {
            replica.Failed(mayEject: true);
        }

        Assert.True(replica.IsEjected());
    }
}
