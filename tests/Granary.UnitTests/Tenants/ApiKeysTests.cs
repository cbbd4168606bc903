using Granary.Tenants;

namespace Granary.UnitTests.Tenants;

public sealed class ApiKeysTests
{
    [Fact]
    public void A_new_key_carries_a_checksum_and_yields_its_key_id()
    {
        var (keyId, key) = ApiKeys.Generate();

        Assert.Equal(66, key.Length);
        Assert.Equal(keyId, ApiKeys.KeyIdOf(key));
    }

    [Fact]
    public void A_key_issued_before_checksums_still_yields_its_key_id()
    {
        var (keyId, key) = ApiKeys.Generate();
        var legacy = key[..59];

        Assert.Equal(keyId, ApiKeys.KeyIdOf(legacy));
    }

    [Fact]
    public void A_key_with_one_character_changed_fails_its_checksum()
    {
        var (_, key) = ApiKeys.Generate();
        var typo = key[..20] + (key[20] == 'A' ? 'B' : 'A') + key[21..];

        Assert.Null(ApiKeys.KeyIdOf(typo));
        Assert.Null(ApiKeys.KeyIdOf(key[..^1] + (key[^1] == 'A' ? 'B' : 'A')));
    }

    [Theory]
    [InlineData("")]
    [InlineData("test-admin-key-0123456789")]
    [InlineData("gk_000000000000_not-a-real-secret")]
    [InlineData("gk_ZZZZZZZZZZZZ_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("gk_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!")]
    [InlineData("gk_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_AAAAAA")]
    public void A_string_not_shaped_like_a_key_has_no_key_id(string key) => Assert.Null(ApiKeys.KeyIdOf(key));
}
