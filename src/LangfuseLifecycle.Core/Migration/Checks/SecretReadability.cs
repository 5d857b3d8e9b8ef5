using LangfuseLifecycle.Core.Migration.Ports;

namespace LangfuseLifecycle.Core.Migration.Checks;

/// <summary>
/// The v3 web's instance role must read every secret App Runner injects into it (the v2 web's RuntimeEnvironmentSecrets
/// kept by the switch, plus the v3 ones): App Runner resolves them with the instance role at deployment, and one it
/// cannot read fails the deployment (ROLLBACK_SUCCEEDED), so the switch would be rolled back every time.
/// Asks IAM's simulator: secretsmanager:GetSecretValue per Secrets Manager ARN, ssm:GetParameters per SSM parameter, and
/// kms:Decrypt (via that service) on the customer-managed key when one is named.
/// </summary>
public sealed class SecretReadability(IPermissionSimulator simulator) : IPreflightCheck
{
    public const string GetSecretValue = "secretsmanager:GetSecretValue";
    public const string GetParameters = "ssm:GetParameters";
    public const string Decrypt = "kms:Decrypt";

    public async Task<IReadOnlyList<PreflightProblem>> CheckAsync(MigrationSettings settings, MigrationObservation observed, CancellationToken cancellationToken)
    {
        if (observed.Web is not { } web || settings.V3WebImage is not { Length: > 0 } image)
        {
            return [];
        }

        if (settings.WebSecretsKmsKeyArn is { Length: > 0 } key && !(key.StartsWith("arn:", StringComparison.Ordinal) && Part(key, 2) == "kms" && Part(key, 5).StartsWith("key/", StringComparison.Ordinal)))
        {
            return [new("webSecretsKmsKeyArn", $"'{key}' is not a KMS key ARN.", "Set V2WebSecretsKmsKeyArn (or webSecretsKmsKeyArn) to arn:aws:kms:<region>:<account>:key/<id>, or leave it empty for AWS-managed keys.")];
        }

        var v3 = WebV3Configuration.Build(web.Configuration, settings, image);
        if (v3.InstanceRoleArn is not { Length: > 0 } role || v3.EnvironmentSecrets.Count == 0)
        {
            return []; // MigrationPreflight.Evaluate already refuses a web without an instance role.
        }

        var questions = Questions(role, v3.EnvironmentSecrets, web.ServiceArn, settings.WebSecretsKmsKeyArn);
        var denied = new List<(SimulatedDecision Decision, PermissionQuestionFor Question)>();
        foreach (var question in questions)
        {
            var simulation = await simulator.SimulateAsync(question.Question, cancellationToken).ConfigureAwait(false);
            if (simulation.Refusal is { } refusal)
            {
                return [new("webInstanceRoleArn", $"IAM would not simulate the v3 web's instance role '{role}': {refusal}.",
                    "Check that the role exists and that the preflight function may call iam:SimulatePrincipalPolicy on it (template.yaml grants it on the role named by WebInstanceRoleArn, or the created one).")];
            }

            denied.AddRange(simulation.Decisions.Where(decision => !decision.IsAllowed).Select(decision => (decision, question)));
        }

        return Problems(role, denied, settings.WebSecretsKmsKeyArn);
    }

    /// <summary>One simulator question per action: Secrets Manager ARNs, SSM parameter ARNs, and the key once per service that decrypts with it.</summary>
    public static IReadOnlyList<PermissionQuestionFor> Questions(string role, IReadOnlyDictionary<string, string> secrets, string webServiceArn, string? kmsKeyArn)
    {
        var byResource = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, reference) in secrets)
        {
            var resource = ResourceOf(reference, webServiceArn);
            if (!byResource.TryGetValue(resource, out var names))
            {
                byResource[resource] = names = [];
            }

            names.Add(name);
        }

        var secretArns = byResource.Keys.Where(arn => ArnService(arn) == "secretsmanager").Order(StringComparer.Ordinal).ToArray();
        var parameterArns = byResource.Keys.Where(arn => ArnService(arn) == "ssm").Order(StringComparer.Ordinal).ToArray();
        var questions = new List<PermissionQuestionFor>();
        if (secretArns.Length > 0)
        {
            questions.Add(new(new(role, [GetSecretValue], secretArns, []), byResource));
        }

        if (parameterArns.Length > 0)
        {
            questions.Add(new(new(role, [GetParameters], parameterArns, []), byResource));
        }

        if (kmsKeyArn is { Length: > 0 } key)
        {
            var region = Part(webServiceArn, 3);
            foreach (var (service, arns) in new[] { ("secretsmanager", secretArns), ("ssm", parameterArns) }.Where(pair => pair.Item2.Length > 0))
            {
                var via = new Dictionary<string, List<string>>(StringComparer.Ordinal) { [key] = [.. arns.SelectMany(arn => byResource[arn])] };
                questions.Add(new(new(role, [Decrypt], [key], [new("kms:ViaService", "string", [$"{service}.{region}.amazonaws.com"])]), via));
            }
        }

        return questions;
    }

    /// <summary>
    /// The IAM resource a RuntimeEnvironmentSecrets value names: a Secrets Manager ARN without a JSON-key suffix
    /// (<c>…:secret:name-AbCdEf:key::</c>), an SSM parameter ARN, or a bare parameter name in the service's account and region.
    /// </summary>
    public static string ResourceOf(string reference, string webServiceArn)
    {
        var parts = reference.Split(':');
        if (parts.Length >= 7 && parts[0] == "arn" && parts[2] == "secretsmanager")
        {
            return string.Join(':', parts.Take(7));
        }

        if (parts.Length >= 6 && parts[0] == "arn")
        {
            return reference;
        }

        var arn = webServiceArn.Split(':');
        return $"arn:{arn[1]}:ssm:{arn[3]}:{arn[4]}:parameter/{reference.TrimStart('/')}";
    }

    private static IReadOnlyList<PreflightProblem> Problems(string role, List<(SimulatedDecision Decision, PermissionQuestionFor Question)> denied, string? kmsKeyArn)
    {
        if (denied.Count == 0)
        {
            return [];
        }

        var lines = denied
            .Select(entry => $"{entry.Decision.Action} on {entry.Decision.ResourceArn} ({string.Join(", ", entry.Question.NamesOf(entry.Decision.ResourceArn))}): {entry.Decision.Decision}")
            .Distinct()
            .ToArray();
        var statements = denied
            .GroupBy(entry => entry.Decision.Action)
            .Select(group => $"{{\"Effect\":\"Allow\",\"Action\":\"{group.Key}\",\"Resource\":[{string.Join(",", group.Select(entry => $"\"{entry.Decision.ResourceArn}\"").Distinct())}]}}");
        var kmsHint = kmsKeyArn is { Length: > 0 } ? "" : " If a secret is encrypted with a customer-managed KMS key, name it too (V2WebSecretsKmsKeyArn / webSecretsKmsKeyArn) so kms:Decrypt is checked.";
        return [new("webInstanceRoleArn",
            $"The v3 web's instance role '{role}' may not read {lines.Length} of the secrets App Runner would inject, so the switch's deployment would fail and be rolled back: {string.Join("; ", lines)}.",
            $"Allow them on the role (BackendMode=create: list the v2 secrets in V2WebSecretArns/V2WebSsmParameterArns and the key in V2WebSecretsKmsKeyArn, then update the stack; BackendMode=existing: add to the role's policy {string.Join(",", statements)}), and check that no secret or key policy denies the role.{kmsHint}")];
    }

    private static string ArnService(string arn) => Part(arn, 2);

    private static string Part(string arn, int index)
    {
        var parts = arn.Split(':');
        return parts.Length > index ? parts[index] : "";
    }
}

/// <summary>A simulator question and, per resource it asks about, the web's environment names that reference it.</summary>
public sealed record PermissionQuestionFor(PermissionQuestion Question, IReadOnlyDictionary<string, List<string>> NamesByResource)
{
    public IReadOnlyList<string> NamesOf(string resource) =>
        NamesByResource.TryGetValue(resource, out var names) ? names : [];
}
