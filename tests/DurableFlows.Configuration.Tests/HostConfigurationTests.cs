namespace DurableFlows.Configuration.Tests;

public sealed class HostConfigurationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("durableflows-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_full_host_json_is_read_into_typed_settings_and_provider_keys_pass_through()
    {
        Write("""
        {
          "version": "2.0",
          "extensions": {
            "durableTask": {
              "hubName": "Training1",
              "storageProvider": { "type": "sqlite", "path": "data/flows.db", "durability": "full" },
              "maxConcurrentActivityFunctions": 4,
              "maxConcurrentOrchestratorFunctions": 8
            },
            "http": { "routePrefix": "/flows/" }
          },
          "durableFlows": {
            "http": { "urls": [ "http://0.0.0.0:8080" ], "apiKeys": [ "k1", "k2" ], "maxRequestBodySize": 2048 },
            "sidecar": { "address": "http://127.0.0.1:5001" },
            "runTokenSecret": "a host secret of enough bytes",
            "workPools": { "ecs": { "cpu": 256, "anything": { "nested": true } } },
            "deployments": [ { "name": "Sub Flow1/sub-flow1-deployment" } ]
          }
        }
        """);

        var configuration = Load();

        Assert.Equal(Path.Combine(_folder, "host.json"), configuration.SourcePath);
        Assert.Equal(_folder, configuration.BaseDirectory);
        Assert.Equal("Training1", configuration.DurableTask.HubName);
        Assert.Equal("sqlite", configuration.DurableTask.StorageProvider["type"]);
        Assert.Equal("full", configuration.DurableTask.StorageProvider["durability"]);
        Assert.Equal(4, configuration.DurableTask.MaxConcurrentActivityFunctions);
        Assert.Equal(8, configuration.DurableTask.MaxConcurrentOrchestratorFunctions);
        Assert.Equal("flows", configuration.Http.RoutePrefix);
        Assert.Equal(["http://0.0.0.0:8080"], configuration.Http.Urls);
        Assert.Equal(["k1", "k2"], configuration.Http.ApiKeys);
        Assert.Equal(2048, configuration.Http.MaxRequestBodySize);
        Assert.Equal(new Uri("http://127.0.0.1:5001"), configuration.Sidecar.Address);
        Assert.Equal("256", configuration.WorkPools["ecs:cpu"]);
        Assert.Equal("Sub Flow1/sub-flow1-deployment", configuration.Deployments["0:name"]);
        Assert.Empty(configuration.Warnings);
    }

    [Fact]
    public void A_missing_default_host_json_means_the_embedded_defaults_and_says_so()
    {
        var configuration = Load();

        Assert.Null(configuration.SourcePath);
        Assert.Contains(configuration.Warnings, w => w.Contains("using the embedded default host.json", StringComparison.Ordinal));
        Assert.Equal("DurableFlows", configuration.DurableTask.HubName);
        Assert.Equal("sqlite", configuration.DurableTask.StorageProvider["type"]);
        Assert.Equal("api", configuration.Http.RoutePrefix);
        Assert.Equal(["http://127.0.0.1:7071"], configuration.Http.Urls);
        Assert.Empty(configuration.Http.ApiKeys);
        Assert.Equal(1024 * 1024, configuration.Http.MaxRequestBodySize);
        Assert.Equal(new Uri("http://127.0.0.1:4001"), configuration.Sidecar.Address);
        Assert.Equal(10 * Environment.ProcessorCount, configuration.DurableTask.MaxConcurrentActivityFunctions);
        Assert.Contains("\"version\": \"2.0\"", HostConfigurationLoader.DefaultHostJson, StringComparison.Ordinal);
    }

    [Fact]
    public void The_config_path_is_read_and_a_missing_config_path_is_an_error()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "conf"));
        File.WriteAllText(Path.Combine(_folder, "conf", "custom.json"), """{ "version": "2.0", "extensions": { "durableTask": { "hubName": "Custom" } } }""");

        var configuration = Load(configPath: "conf/custom.json");
        var error = Assert.Throws<HostConfigurationException>(() => Load(configPath: "conf/missing.json"));

        Assert.Equal("Custom", configuration.DurableTask.HubName);
        Assert.Equal(Path.Combine(_folder, "conf"), configuration.BaseDirectory);
        Assert.Contains("--config conf/missing.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_folder, "conf", "missing.json"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_keys_are_warnings_that_name_the_key_path()
    {
        Write("""
        {
          "version": "2.0",
          "logging": { "logLevel": { "default": "Information" } },
          "extensions": { "durableTask": { "hubNmae": "Typo" }, "queues": { "batchSize": 4 } },
          "durableFlows": { "sidecar": { "adress": "x" }, "extra": { "a": 1, "b": 2 } }
        }
        """);

        var warnings = Load().Warnings;

        Assert.Contains("host.json: unknown key 'extensions.durableTask.hubNmae' (ignored); did you mean 'hubName'?", warnings);
        Assert.Contains("host.json: unknown key 'durableFlows.sidecar.adress' (ignored); did you mean 'address'?", warnings);
        Assert.Contains("host.json: unknown key 'durableFlows.extra' (ignored)", warnings);
        Assert.Contains("host.json: key 'logging' is a Functions setting DurableFlows does not use (ignored)", warnings);
        Assert.Contains("host.json: key 'extensions.queues' is a Functions setting DurableFlows does not use (ignored)", warnings);
        Assert.Equal(5, warnings.Count);
    }

    [Theory]
    [InlineData("""{ "version": "2.0", "extensions": { "durableTask": { "hubName": "my-hub" } } }""",
        "host.json: extensions.durableTask.hubName = 'my-hub' is not valid; expected 3-45 characters, letters and digits only, starting with a letter")]
    [InlineData("""{ "version": "2.0", "extensions": { "durableTask": { "hubName": "ab" } } }""", "hubName = 'ab' is not valid")]
    [InlineData("""{ "version": "2.0", "extensions": { "durableTask": { "maxConcurrentActivityFunctions": 0 } } }""",
        "host.json: extensions.durableTask.maxConcurrentActivityFunctions = '0' is not valid; expected a whole number from 1 to")]
    [InlineData("""{ "version": "2.0", "extensions": { "durableTask": { "maxConcurrentOrchestratorFunctions": "ten" } } }""",
        "maxConcurrentOrchestratorFunctions = 'ten' is not valid")]
    [InlineData("""{ "version": "1.0" }""", "host.json: version = '1.0' is not valid; expected \"2.0\"")]
    [InlineData("""{ "extensions": {} }""", "host.json: version is missing; expected \"2.0\"")]
    [InlineData("""{ "version": "2.0", "durableFlows": { "http": { "urls": [ "ftp://host:1" ] } } }""",
        "host.json: durableFlows.http.urls.0 = 'ftp://host:1' is not valid; expected an http:// or https:// URL")]
    [InlineData("""{ "version": "2.0", "durableFlows": { "http": { "maxRequestBodySize": -5 } } }""",
        "durableFlows.http.maxRequestBodySize = '-5' is not valid; expected a number of bytes greater than 0")]
    [InlineData("""{ "version": "2.0", "durableFlows": { "sidecar": { "address": "not a url" } } }""",
        "durableFlows.sidecar.address = 'not a url' is not valid")]
    [InlineData("""{ "version": "2.0", "extensions": { "http": { "routePrefix": "a b" } } }""", "extensions.http.routePrefix = 'a b' is not valid")]
    [InlineData("""{ "version": "2.0", "extensions": { "durableTask": { "hubName": { "x": 1 } } } }""",
        "host.json: extensions.durableTask.hubName holds an object or array; expected a single value.")]
    [InlineData("""{ "version": "2.0", "durableFlows": { "http": { "apiKeys": [ "" ] } } }""", "durableFlows.http.apiKeys.0 = '' is not valid; expected a non-empty key")]
    [InlineData("""{ "version": "2.0", """, "host.json at '")]
    public void Malformed_values_stop_start_up_naming_key_value_and_what_is_allowed(string json, string expected)
    {
        Write(json);

        var error = Assert.Throws<HostConfigurationException>(() => Load());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_variables_override_host_json_with_our_prefix_winning_over_the_Functions_one()
    {
        Write("""{ "version": "2.0", "extensions": { "durableTask": { "hubName": "FromFile", "maxConcurrentActivityFunctions": 2 } } }""");
        var environment = new Dictionary<string, string>
        {
            ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = "FromFunctions",
            ["AzureFunctionsJobHost__extensions__durableTask__maxConcurrentActivityFunctions"] = "3",
            ["DURABLEFLOWS_EXTENSIONS__DURABLETASK__HUBNAME"] = "FromOurs",
            ["DURABLEFLOWS_durableFlows__http__urls__0"] = "http://127.0.0.1:9000",
            ["DURABLEFLOWS_API_KEY"] = "env-key",
            ["DURABLEFLOWS_QUEUE"] = "not a host.json key",
        };

        var configuration = Load(environment: environment);

        Assert.Equal("FromOurs", configuration.DurableTask.HubName);
        Assert.Equal(3, configuration.DurableTask.MaxConcurrentActivityFunctions);
        Assert.Equal(["http://127.0.0.1:9000"], configuration.Http.Urls);
        Assert.Equal(["env-key"], configuration.Http.ApiKeys);
        Assert.Empty(configuration.Warnings);
    }

    [Fact]
    public void A_malformed_environment_value_names_the_variable()
    {
        var environment = new Dictionary<string, string> { ["DURABLEFLOWS_extensions__durableTask__maxConcurrentActivityFunctions"] = "-1" };

        var error = Assert.Throws<HostConfigurationException>(() => Load(environment: environment));

        Assert.StartsWith("environment variable DURABLEFLOWS_extensions__durableTask__maxConcurrentActivityFunctions: extensions.durableTask.maxConcurrentActivityFunctions = '-1' is not valid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_environment_key_is_a_warning_naming_the_variable()
    {
        var environment = new Dictionary<string, string> { ["DURABLEFLOWS_extensions__durableTask__hubNmae"] = "x" };

        var warnings = Load(environment: environment).Warnings;

        Assert.Contains("environment variable DURABLEFLOWS_extensions__durableTask__hubNmae: unknown key 'extensions.durableTask.hubNmae' (ignored); did you mean 'hubName'?", warnings);
    }

    [Fact]
    public void Command_line_overrides_win_over_environment_and_file()
    {
        Write("""{ "version": "2.0", "durableFlows": { "http": { "urls": [ "http://127.0.0.1:1" ] } } }""");
        var environment = new Dictionary<string, string> { ["DURABLEFLOWS_extensions__durableTask__hubName"] = "FromEnv" };

        var configuration = Load(
            environment: environment,
            overrides: ["extensions.durableTask.hubName=FromCli", "durableFlows:http:urls=http://127.0.0.1:2;http://localhost:3", "durableFlows.http.apiKeys[0]=cli-key"]);
        var error = Assert.Throws<HostConfigurationException>(() => Load(overrides: ["hubName"]));

        Assert.Equal("FromCli", configuration.DurableTask.HubName);
        Assert.Equal(["http://127.0.0.1:2", "http://localhost:3"], configuration.Http.Urls);
        Assert.Equal(["cli-key"], configuration.Http.ApiKeys);
        Assert.Contains("command-line override 'hubName' has no key; expected path=value", error.Message, StringComparison.Ordinal);
    }

    private void Write(string json) => File.WriteAllText(Path.Combine(_folder, "host.json"), json);

    private HostConfiguration Load(
        string? configPath = null, Dictionary<string, string>? environment = null, IReadOnlyList<string>? overrides = null) =>
        HostConfigurationLoader.Load(new HostConfigurationRequest(configPath, _folder, environment ?? [], overrides ?? []));
}
