"""CloudFormation's intrinsic functions, resolved in Python for the template tests.

One resolver for effective_policies.py (everything resolved: resource references and attributes get stand-in values)
and deploy_on_moto.py (parameters and conditions resolved; references to resources that moto creates stay for moto).
Both override the three hooks `ref`, `get_att` and `sub`; Fn::If, conditions, Fn::Join, Fn::Split, Fn::Select and
AWS::NoValue are resolved here, a Fn::Join/Split/Select only when what it works on is already known (else it stays).
"""
import re

from cfnlint.decode import cfn_yaml
from samtranslator.translator.transform import transform

# AWS::NoValue: dropped from the list or object that holds it.
NO_VALUE = object()


class NoManagedPolicies:
    """The transform only names the AWS managed policies it attaches; nothing needs their ARNs resolved."""

    def load(self):
        return {}


def load(path):
    return cfn_yaml.load(path)


def sam_transform(template):
    """What CloudFormation runs for `Transform: AWS::Serverless-2016-10-31` (aws-sam-translator, as cfn-lint uses it)."""
    return transform(template, {}, NoManagedPolicies())


def known(value):
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


class Resolver:
    """Parameters (given values, else defaults), pseudo parameters, conditions and the intrinsic functions."""

    def __init__(self, template, values, pseudo):
        self.template = template
        self.params = {}
        for name, definition in template.get("Parameters", {}).items():
            raw = values.get(name, definition.get("Default"))
            raw = "" if raw is None else str(raw)
            kind = definition.get("Type", "String")
            self.params[name] = raw.split(",") if kind == "CommaDelimitedList" or kind.startswith("List<") else raw
        self.params.update(pseudo)
        self.conditions = {}

    # ------------------------------------------------------------------ conditions
    def condition(self, name):
        if name not in self.conditions:
            self.conditions[name] = self.truth(self.template["Conditions"][name])
        return self.conditions[name]

    def truth(self, node):
        (function, argument), = node.items()
        if function == "Fn::Equals":
            return str(self.value(argument[0])) == str(self.value(argument[1]))
        if function == "Fn::Not":
            return not self.truth(argument[0])
        if function == "Fn::And":
            return all(self.truth(item) for item in argument)
        if function == "Fn::Or":
            return any(self.truth(item) for item in argument)
        if function == "Condition":
            return self.condition(argument)
        raise ValueError(f"condition function {function}")

    def live(self, resource):
        """Whether a resource (or output) exists with these values: it has no Condition, or its Condition is true."""
        return "Condition" not in resource or self.condition(resource["Condition"])

    # ------------------------------------------------------------------ hooks
    def ref(self, name):
        return self.params[name]

    def get_att(self, logical_id, attribute):
        return f"{logical_id}.{attribute}"

    def sub(self, text, variables):
        def substitute(match):
            name = match.group(1)
            if name in variables:
                resolved = variables[name]
            elif "." in name:
                resolved = self.get_att(*name.split(".", 1))
            else:
                resolved = self.value({"Ref": name})
            return ",".join(resolved) if isinstance(resolved, list) else str(resolved)

        return re.sub(r"\$\{([^}!]+)\}", substitute, text)

    # ------------------------------------------------------------------ the walk
    def value(self, node):
        if isinstance(node, list):
            return [item for item in (self.value(child) for child in node) if item is not NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            (key, argument), = node.items()
            if key == "Ref":
                return NO_VALUE if argument == "AWS::NoValue" else self.ref(argument)
            if key == "Fn::If":
                return self.value(argument[1] if self.condition(argument[0]) else argument[2])
            if key == "Fn::Sub":
                text, variables = (argument, {}) if isinstance(argument, str) else (argument[0], argument[1])
                return self.sub(text, {name: self.value(v) for name, v in variables.items()})
            if key == "Fn::GetAtt":
                logical_id, attribute = argument if isinstance(argument, list) else argument.split(".", 1)
                return self.get_att(logical_id, attribute)
            if key == "Fn::Join":
                parts = self.value(argument[1])
                if isinstance(parts, list) and all(known(part) for part in parts):
                    return argument[0].join(str(part) for part in parts)
                return {key: [argument[0], parts]}
            if key == "Fn::Split":
                text = self.value(argument[1])
                return text.split(argument[0]) if isinstance(text, str) else {key: [argument[0], text]}
            if key == "Fn::Select":
                index, items = self.value(argument[0]), self.value(argument[1])
                if known(index) and isinstance(items, list) and all(known(item) for item in items):
                    return items[int(index)]
                return {key: [index, items]}
        result = {}
        for key, child in node.items():
            resolved = self.value(child)
            if resolved is not NO_VALUE:
                result[key] = resolved
        return result
