using System.Net;
using Granary.Models.Repository;
using Granary.Tests.Rest;

namespace Granary.Tests.WebConsole;

/// <summary>
/// The web console in a real browser (Debian's chromium through Playwright) against a real silo: what an admin
/// sees, and that a tenant's key shows its own tenant and nothing of another's.
/// </summary>
[Collection(AdminRestCollection.Name)]
public sealed class ConsoleBrowserTests(AdminRestSiloFixture silo)
{
    [Fact]
    public async Task An_admin_logs_in_and_sees_a_model_the_cluster_and_a_tenant()
    {
        var tenant = await ConsoleTenants.CreateAsync(silo, "console-admin");
        await using var browser = await ConsoleBrowser.OpenAsync(silo.HttpPort);

        await browser.LogInAsync(AdminRestSiloFixture.AdminKey);
        var silos = await (await browser.OpenViewAsync("cluster", "#view table tbody tr")).First.InnerTextAsync();
        var model = await (await browser.OpenViewAsync("models", $"[data-model='{DemoRepository.MlpClassifier}']")).InnerTextAsync();
        var tenantCard = await (await browser.OpenViewAsync("tenants", $"[data-tenant='{tenant.Id}']")).InnerTextAsync();

        Assert.Contains($"127.0.0.1:{silo.GrpcPort}", silos);
        Assert.Contains("READY", model);
        Assert.Contains(tenant.Id, tenantCard);
        Assert.Equal("admin", await browser.Page.InnerTextAsync("#who"));
    }

    [Fact]
    public async Task A_tenant_key_sees_its_own_tenant_and_usage_and_not_another_tenant()
    {
        var mine = await ConsoleTenants.CreateAsync(silo, "console-mine");
        var other = await ConsoleTenants.CreateAsync(silo, "console-other");
        var (served, _) = await ConsoleTenants.InferAsync(silo, mine.Key, DemoRepository.MlpClassifier);
        Assert.Equal(HttpStatusCode.OK, served);
        await using var browser = await ConsoleBrowser.OpenAsync(silo.HttpPort);

        await browser.LogInAsync(mine.Key);
        var cards = await browser.OpenViewAsync("tenants", "[data-tenant]");
        var chart = browser.Page.Locator($"[data-tenant='{mine.Id}'] svg.chart rect[data-series='{DemoRepository.MlpClassifier}']");
        await chart.First.WaitForAsync();
        var page = await browser.Page.InnerTextAsync("body");

        Assert.Equal(1, await cards.CountAsync());
        Assert.Equal(mine.Id, await cards.GetAttributeAsync("data-tenant"));
        Assert.DoesNotContain(other.Id, page);
        Assert.Equal($"tenant {mine.Id}", await browser.Page.InnerTextAsync("#who"));
        await browser.OpenViewAsync("cluster", "#view p.muted");
        Assert.Contains("needs an admin key", await browser.Page.InnerTextAsync("#view"));
    }

    [Fact]
    public async Task An_unknown_key_is_refused_at_log_in()
    {
        await using var browser = await ConsoleBrowser.OpenAsync(silo.HttpPort);

        await browser.Page.FillAsync("#api-key", "gk_not_a_key");
        await browser.Page.ClickAsync("#login button[type=submit]");
        await browser.Page.Locator("#login-error:has-text('not accepted')").WaitForAsync();

        Assert.True(await browser.Page.Locator("#nav").IsHiddenAsync(), "the navigation must stay hidden for a refused key");
    }
}
