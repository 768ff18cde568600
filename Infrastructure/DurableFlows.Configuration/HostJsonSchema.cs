namespace DurableFlows.Configuration;

/// <summary>
/// The keys host.json may hold: the Functions subset DurableFlows reads, the Functions keys it knows but does not
/// use, and the <c>durableFlows</c> section. Sections owned by other components are open: anything below them passes.
/// </summary>
internal sealed class HostJsonSchema
{
    private readonly Dictionary<string, HostJsonSchema> _children = new(StringComparer.OrdinalIgnoreCase);

    private HostJsonSchema(HostJsonKind kind) => Kind = kind;

    public HostJsonKind Kind { get; }

    /// <summary>Gets whether every child not listed is a Functions setting DurableFlows ignores (e.g. other extensions).</summary>
    public bool OtherChildrenAreFunctionsSettings { get; private init; }

    public IEnumerable<string> ChildNames => _children.Keys;

    public static HostJsonSchema Root { get; } = Build();

    public HostJsonSchema? Child(string name) => _children.GetValueOrDefault(name);

    private static HostJsonSchema Build()
    {
        var root = Section();
        root.Add("version", Leaf());
        Unused(root, "logging", "functionTimeout", "extensionBundle", "healthMonitor", "aggregator", "concurrency",
            "customHandler", "managedDependency", "retry", "singleton", "watchDirectories", "watchFiles", "functions",
            "telemetryMode", "languageWorkers", "sharedMemoryDataTransfer");

        var extensions = new HostJsonSchema(HostJsonKind.Section) { OtherChildrenAreFunctionsSettings = true };
        root.Add("extensions", extensions);
        var durableTask = Section();
        extensions.Add("durableTask", durableTask);
        durableTask.Add("hubName", Leaf());
        durableTask.Add("storageProvider", new HostJsonSchema(HostJsonKind.Open));
        durableTask.Add("maxConcurrentActivityFunctions", Leaf());
        durableTask.Add("maxConcurrentOrchestratorFunctions", Leaf());
        Unused(durableTask, "extendedSessionsEnabled", "extendedSessionIdleTimeoutInSeconds", "maxConcurrentEntityFunctions",
            "localRpcEndpointEnabled", "tracing", "notifications", "defaultVersion", "versionMatchStrategy",
            "versionFailureStrategy", "useGracefulShutdown", "useAppLease", "appLeaseOptions",
            "entityMessageReorderWindowInMinutes", "maxEntityOperationBatchSize", "storeInputsInOrchestrationHistory",
            "overridableExistingInstanceStates", "maxOrchestrationActions", "httpSettings");
        var http = Section();
        extensions.Add("http", http);
        http.Add("routePrefix", Leaf());
        Unused(http, "maxOutstandingRequests", "maxConcurrentRequests", "dynamicThrottlesEnabled", "hsts", "customHeaders");

        var durableFlows = Section();
        root.Add("durableFlows", durableFlows);
        foreach (var owned in new[] { "storage", "workPools", "deployments", "payloads" })
        {
            durableFlows.Add(owned, new HostJsonSchema(HostJsonKind.Open));
        }

        var api = Section();
        durableFlows.Add("http", api);
        api.Add("urls", new HostJsonSchema(HostJsonKind.List));
        api.Add("apiKeys", new HostJsonSchema(HostJsonKind.List));
        api.Add("maxRequestBodySize", Leaf());
        var sidecar = Section();
        durableFlows.Add("sidecar", sidecar);
        sidecar.Add("address", Leaf());
        durableFlows.Add("runTokenSecret", Leaf());
        return root;
    }

    private static HostJsonSchema Section() => new(HostJsonKind.Section);

    private static HostJsonSchema Leaf() => new(HostJsonKind.Leaf);

    private static void Unused(HostJsonSchema parent, params string[] names)
    {
        foreach (var name in names)
        {
            parent.Add(name, new HostJsonSchema(HostJsonKind.FunctionsSetting));
        }
    }

    private void Add(string name, HostJsonSchema child) => _children.Add(name, child);
}
