using System.Globalization;
using LangfuseLifecycle.Core.Cost.Exceptions;

namespace LangfuseLifecycle.Core.Cost;

/// <summary>A Fargate task size in vCPU and GB, checked against the combinations Fargate offers.</summary>
public sealed record FargateTaskSize(decimal Vcpu, decimal MemoryGb)
{
    // Fargate Linux task sizes: vCPU → allowed memory (GB) as min, max, step.
    private static readonly (decimal Vcpu, decimal MinGb, decimal MaxGb, decimal StepGb, decimal[]? Listed)[] Offered =
    [
        (0.25m, 0.5m, 2m, 0m, [0.5m, 1m, 2m]),
        (0.5m, 1m, 4m, 1m, null),
        (1m, 2m, 8m, 1m, null),
        (2m, 4m, 16m, 1m, null),
        (4m, 8m, 30m, 1m, null),
        (8m, 16m, 60m, 4m, null),
        (16m, 32m, 120m, 8m, null),
    ];

    public static string DescribeOffered() =>
        "0.25 vCPU: 0.5, 1 or 2 GB; 0.5 vCPU: 1-4 GB; 1 vCPU: 2-8 GB; 2 vCPU: 4-16 GB; 4 vCPU: 8-30 GB (1 GB steps); 8 vCPU: 16-60 GB (4 GB steps); 16 vCPU: 32-120 GB (8 GB steps)";

    /// <summary>Throws <see cref="InvalidTaskSizeException"/> naming <paramref name="field"/> unless Fargate offers this size.</summary>
    public void Validate(string field)
    {
        var row = Offered.FirstOrDefault(candidate => candidate.Vcpu == Vcpu);
        if (row.Vcpu == 0m)
        {
            throw new InvalidTaskSizeException(field, $"{Format(Vcpu)} vCPU is not a Fargate task size; Fargate offers {DescribeOffered()}.");
        }

        var offered = row.Listed is { } listed
            ? listed.Contains(MemoryGb)
            : MemoryGb >= row.MinGb && MemoryGb <= row.MaxGb && (MemoryGb - row.MinGb) % row.StepGb == 0m;
        if (!offered)
        {
            throw new InvalidTaskSizeException(
                field,
                $"{Format(Vcpu)} vCPU with {Format(MemoryGb)} GB is not offered by Fargate; with {Format(Vcpu)} vCPU choose memory in {Describe(row)}. All sizes: {DescribeOffered()}.");
        }
    }

    public override string ToString() => $"{Format(Vcpu)} vCPU / {Format(MemoryGb)} GB";

    private static string Describe((decimal Vcpu, decimal MinGb, decimal MaxGb, decimal StepGb, decimal[]? Listed) row) =>
        row.Listed is { } listed
            ? string.Join(", ", listed.Select(Format)) + " GB"
            : $"{Format(row.MinGb)}-{Format(row.MaxGb)} GB in {Format(row.StepGb)} GB steps";

    private static string Format(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
