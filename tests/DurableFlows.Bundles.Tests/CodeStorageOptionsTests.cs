using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace DurableFlows.Bundles.Tests;

public sealed class CodeStorageOptionsTests
{
    [Fact]
    public void An_s3_section_is_read_with_every_setting()
    {
        var options = Parse("""{ "type": "s3", "bucket": "prefect-subflow", "prefix": "flows/prod", "region": "eu-west-1", "serviceUrl": "http://127.0.0.1:4568", "forcePathStyle": true, "maxBundleBytes": 1048576 }""");

        Assert.Equal(new CodeStorageOptions
        {
            Type = "s3",
            Bucket = "prefect-subflow",
            Prefix = "flows/prod",
            Region = "eu-west-1",
            ServiceUrl = new Uri("http://127.0.0.1:4568"),
            ForcePathStyle = true,
            MaxBundleBytes = 1048576,
        }, options);
    }

    [Fact]
    public void A_local_section_defaults_its_folder()
    {
        var options = Parse("""{ "type": "local" }""");

        Assert.Equal(CodeStorageOptions.DefaultLocalPath, options.Path);
        Assert.Equal(CodeStorageOptions.DefaultMaxBundleBytes, options.MaxBundleBytes);
    }

    [Theory]
    [InlineData("""{ "type": "ftp" }""", "durableFlows.storage.type = 'ftp' is not a storage type; valid: s3, local")]
    [InlineData("""{ "type": "s3" }""", "durableFlows.storage.bucket is missing")]
    [InlineData("""{ "type": "s3", "bucket": "Prefect_Subflow" }""", "durableFlows.storage.bucket = 'Prefect_Subflow' is not an S3 bucket name")]
    [InlineData("""{ "type": "s3", "bucket": "prefect-subflow", "serviceUrl": "ftp://x" }""", "durableFlows.storage.serviceUrl = 'ftp://x")]
    [InlineData("""{ "type": "s3", "bucket": "prefect-subflow", "forcePathStyle": "yes" }""", "durableFlows.storage.forcePathStyle = \"yes\" is not allowed; expected true or false")]
    [InlineData("""{ "type": "s3", "bucket": "prefect-subflow", "prefix": "/flows" }""", "durableFlows.storage.prefix = '/flows'")]
    [InlineData("""{ "type": "local", "maxBundleBytes": 0 }""", "durableFlows.storage.maxBundleBytes = 0 is not a size")]
    [InlineData("""{ "type": "local", "folder": "x" }""", "durableFlows.storage.folder is not a storage setting; allowed: type, bucket, prefix")]
    public void A_bad_setting_is_named_with_its_value_and_what_is_allowed(string json, string expected)
    {
        var error = Assert.Throws<CodeStorageConfigurationException>(() => Parse(json));

        Assert.Contains("host.json: " + expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_section_from_composed_configuration_reads_as_the_json_it_was_written_as()
    {
        var options = CodeStorageOptions.FromConfiguration(Section(
            """{ "storage": { "type": "s3", "bucket": "prefect-subflow", "serviceUrl": "http://127.0.0.1:4568", "forcePathStyle": true, "maxBundleBytes": 4096 } }""", "storage"));

        Assert.Equal(("s3", "prefect-subflow", true, 4096L), (options.Type, options.Bucket, options.ForcePathStyle, options.MaxBundleBytes));
        Assert.Equal(CodeStorageOptions.LocalType, CodeStorageOptions.FromConfiguration(Section("{}", "storage")).Type);
        var error = Assert.Throws<CodeStorageConfigurationException>(() => CodeStorageOptions.FromConfiguration(Section("""{ "storage": { "forcePathStyle": "yes" } }""", "storage")));
        Assert.Equal("host.json: durableFlows.storage.forcePathStyle = \"yes\" is not allowed; expected true or false.", error.Message);
    }

    [Fact]
    public void The_payload_threshold_defaults_to_64_KiB_and_a_bad_one_is_named()
    {
        Assert.Equal(65536, PayloadStoreOptions.FromConfiguration(Section("{}", "payloads")).ThresholdBytes);
        Assert.Equal(1000, PayloadStoreOptions.FromConfiguration(Section("""{ "payloads": { "thresholdBytes": 1000 } }""", "payloads")).ThresholdBytes);
        var error = Assert.Throws<CodeStorageConfigurationException>(() => PayloadStoreOptions.FromConfiguration(Section("""{ "payloads": { "thresholdBytes": 10 } }""", "payloads")));
        Assert.StartsWith("host.json: durableFlows.payloads.thresholdBytes = 10 is not allowed; expected a whole number of bytes, at least 256", error.Message, StringComparison.Ordinal);
    }

    private static IConfigurationSection Section(string json, string name) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build().GetSection(name);

    private static CodeStorageOptions Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return CodeStorageOptions.Parse(document.RootElement);
    }
}
