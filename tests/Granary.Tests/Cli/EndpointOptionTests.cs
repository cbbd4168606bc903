using System.CommandLine;
using Granary.Cli;

namespace Granary.Tests.Cli;

/// <summary><c>granary --endpoint</c> gives the client several servers to fail over between, comma separated or repeated.</summary>
public sealed class EndpointOptionTests
{
    [Fact]
    public void Endpoints_given_comma_separated_and_repeated_reach_the_client_in_order()
    {
        var connection = new ConnectionOptions();
        var root = new RootCommand { connection.Address, connection.Endpoints, connection.ApiKey, connection.CaCertificate };

        using var client = connection.CreateClient(root.Parse("--endpoint http://127.0.0.1:50051,http://127.0.0.1:50052 --endpoint http://127.0.0.1:50053"));

        Assert.Equal(
            [new Uri("http://127.0.0.1:50051"), new Uri("http://127.0.0.1:50052"), new Uri("http://127.0.0.1:50053")],
            client.Endpoints);
    }

    [Fact]
    public void A_bad_endpoint_is_named_as_the_endpoint_options_fault()
    {
        var connection = new ConnectionOptions();
        var root = new RootCommand { connection.Address, connection.Endpoints, connection.ApiKey, connection.CaCertificate };

        var error = Assert.Throws<CommandInputException>(() => connection.CreateClient(root.Parse("--endpoint http://127.0.0.1:50051,not-a-url")));

        Assert.StartsWith("--endpoint: ", error.Message, StringComparison.Ordinal);
    }
}
