namespace DurableFlows.Deployments;

/// <summary>
/// What one run of a deployment gets once the layers are merged: pool defaults, then the deployment's
/// <c>infraOverrides</c>, then the run's own overrides.
/// </summary>
/// <param name="Deployment">The deployment.</param>
/// <param name="Pool">Its work pool.</param>
/// <param name="Cpu">The task's CPU units.</param>
/// <param name="Memory">The task's memory in MiB.</param>
/// <param name="Env">The runner container's environment, merged key by key.</param>
public sealed record DeploymentLaunchPlan(
    Deployment Deployment, WorkPool Pool, int Cpu, int Memory, IReadOnlyDictionary<string, string> Env);
