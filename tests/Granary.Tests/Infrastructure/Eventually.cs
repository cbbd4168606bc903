namespace Granary.Tests.Infrastructure;

/// <summary>Waits on a condition, not a clock: polls it until true or the bound runs out.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Grpc.Core.RpcException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"waited {within.TotalSeconds:0} s for {what}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
