namespace DurableFlows.Deployments;

/// <summary>
/// What the runner inside an ECS task learns from its environment: where the sidecar is, which queue and
/// token to serve with, and which instance and flow (or code bundle) to run.
/// </summary>
public sealed record DeploymentRunnerEnvironment
{
    /// <summary>The variable naming the sidecar's address.</summary>
    public const string SidecarAddressVariable = "DURABLEFLOWS_SIDECAR_ADDRESS";

    /// <summary>The variable naming the run's queue.</summary>
    public const string QueueVariable = "DURABLEFLOWS_QUEUE";

    /// <summary>The variable carrying the run token.</summary>
    public const string RunTokenVariable = "DURABLEFLOWS_RUN_TOKEN";

    /// <summary>The variable naming the child instance (the run id).</summary>
    public const string InstanceIdVariable = "DURABLEFLOWS_INSTANCE_ID";

    /// <summary>The variable naming the flow.</summary>
    public const string FlowVariable = "DURABLEFLOWS_FLOW";

    /// <summary>The variable naming the deployment.</summary>
    public const string DeploymentVariable = "DURABLEFLOWS_DEPLOYMENT";

    /// <summary>The variable naming the code bundle's URI.</summary>
    public const string BundleUriVariable = "DURABLEFLOWS_BUNDLE_URI";

    /// <summary>The variable carrying the code bundle's SHA-256.</summary>
    public const string BundleSha256Variable = "DURABLEFLOWS_BUNDLE_SHA256";

    /// <summary>Gets the sidecar's address as seen from the task.</summary>
    public required Uri SidecarAddress { get; init; }

    /// <summary>Gets the run's queue, <c>run-{id}</c>.</summary>
    public required string Queue { get; init; }

    /// <summary>Gets the token that authorises a worker on <see cref="Queue"/>.</summary>
    public required string RunToken { get; init; }

    /// <summary>Gets the child instance id.</summary>
    public required string InstanceId { get; init; }

    /// <summary>Gets the flow the child instance runs.</summary>
    public required string Flow { get; init; }

    /// <summary>Gets the deployment, for logs.</summary>
    public string? Deployment { get; init; }

    /// <summary>Gets the code bundle's URI, when the flow's code is not in the image.</summary>
    public string? BundleUri { get; init; }

    /// <summary>Gets the code bundle's SHA-256.</summary>
    public string? BundleSha256 { get; init; }

    /// <summary>Reads the environment, naming every missing or malformed variable.</summary>
    /// <exception cref="InvalidOperationException">A required variable is missing or malformed.</exception>
    public static DeploymentRunnerEnvironment Read(Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var missing = new[] { SidecarAddressVariable, QueueVariable, RunTokenVariable, InstanceIdVariable, FlowVariable }
            .Where(v => string.IsNullOrEmpty(variables(v)))
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"durableflows runner: environment variable(s) {string.Join(", ", missing)} not set; the runner is started by StartDeploymentRun, which sets them on the ECS task.");
        }

        if (!Uri.TryCreate(variables(SidecarAddressVariable), UriKind.Absolute, out var sidecar))
        {
            throw new InvalidOperationException(
                $"durableflows runner: {SidecarAddressVariable} = {variables(SidecarAddressVariable)} is not an absolute URL; expected such as http://10.0.1.5:4001.");
        }

        return new DeploymentRunnerEnvironment
        {
            SidecarAddress = sidecar,
            Queue = variables(QueueVariable)!,
            RunToken = variables(RunTokenVariable)!,
            InstanceId = variables(InstanceIdVariable)!,
            Flow = variables(FlowVariable)!,
            Deployment = variables(DeploymentVariable),
            BundleUri = variables(BundleUriVariable),
            BundleSha256 = variables(BundleSha256Variable),
        };
    }

    /// <summary>Gets the variables, for the task's container overrides.</summary>
    public IReadOnlyDictionary<string, string> ToVariables()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SidecarAddressVariable] = SidecarAddress.ToString(),
            [QueueVariable] = Queue,
            [RunTokenVariable] = RunToken,
            [InstanceIdVariable] = InstanceId,
            [FlowVariable] = Flow,
        };
        foreach (var (name, value) in new[] { (DeploymentVariable, Deployment), (BundleUriVariable, BundleUri), (BundleSha256Variable, BundleSha256) })
        {
            if (value is not null)
            {
                variables[name] = value;
            }
        }

        return variables;
    }
}
