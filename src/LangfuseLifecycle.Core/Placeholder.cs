namespace LangfuseLifecycle.Core;
