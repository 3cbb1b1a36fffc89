#!/usr/bin/env bash
# Offline checks of the Terraform stack, run by CI (./datalake test) and before a commit:
#   1. terraform fmt -check -recursive;
#   2. terraform init from the AWS provider already on this machine (never the registry), with the
#      committed .terraform.lock.hcl read-only, then terraform validate;
#   3. terraform test: tests/*.tftest.hcl against a mocked AWS provider (no account, no network).
# Under CI=true every step must run: a missing terraform or provider fails the script. Elsewhere a
# missing one is reported as skipped and the script exits 0, so it never blocks the Java tests.
# Set TF_PLUGIN_DIR to a directory holding registry.terraform.io/hashicorp/aws/<version>/<platform>/
# to choose the provider; otherwise the usual plugin directories are searched, then the file system.
# The invariants that tie the .tf files to the Java code are checked by the JUnit test
# launcher/src/test/java/dev/tradelake/launcher/TerraformConventionsTest.java.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

in_ci() { [ "${CI:-}" = "true" ]; }

# Skipped locally, fatal in CI.
unavailable() {
  if in_ci; then
    echo "terraform checks: $1, and CI must run them" >&2
    exit 2
  fi
  echo "terraform checks: $2 skipped ($1)"
  exit 0
}

command -v terraform >/dev/null 2>&1 || unavailable "terraform is not installed" "every check"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A TF_CLI_CONFIG_FILE naming a missing file makes every command print a warning; an empty
# configuration says the same (nothing) quietly.
if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -f "$TF_CLI_CONFIG_FILE" ]; then
  : >"$work/terraformrc"
  export TF_CLI_CONFIG_FILE="$work/terraformrc"
fi
export TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1

if terraform fmt -check -recursive -diff; then
  echo "terraform fmt: ok"
else
  echo "terraform fmt: files above are not formatted; run 'terraform fmt -recursive' in terraform/" >&2
  exit 1
fi

# The provider version the lock file pins, and this machine's platform (linux_amd64, ...).
version="$(sed -n '/"registry.terraform.io\/hashicorp\/aws"/,/}/s/^ *version *= *"\([^"]*\)".*/\1/p' .terraform.lock.hcl)"
platform="$(terraform version -json | sed -n 's/^ *"platform": *"\([^"]*\)".*/\1/p')"
[ -n "$version" ] || { echo "terraform checks: no hashicorp/aws version in .terraform.lock.hcl" >&2; exit 1; }

# A plugin directory holds <dir>/registry.terraform.io/hashicorp/aws/<version>/<platform>/terraform-provider-aws*.
holds_provider() {
  compgen -G "$1/registry.terraform.io/hashicorp/aws/$version/$platform/terraform-provider-aws*" >/dev/null
}

find_plugin_dir() {
  local dir
  if [ -n "${TF_PLUGIN_DIR:-}" ]; then
    holds_provider "$TF_PLUGIN_DIR" && echo "$TF_PLUGIN_DIR"
    return
  fi
  # Terraform's own implied local mirror directories, then where machine images put it.
  for dir in "${XDG_DATA_HOME:-$HOME/.local/share}/terraform/plugins" "$HOME/.terraform.d/plugins" \
    /usr/local/share/terraform/plugins /usr/share/terraform/plugins /opt/tf-plugins /opt/terraform/plugins; do
    if holds_provider "$dir"; then
      echo "$dir"
      return
    fi
  done
  # Anywhere else outside this repository (0.2 s on our image): the .../hashicorp/aws folder's
  # grandparent's parent is the plugin directory.
  while IFS= read -r dir; do
    dir="${dir%/registry.terraform.io/hashicorp/aws}"
    if holds_provider "$dir"; then
      echo "$dir"
      return
    fi
  done < <(find / -maxdepth 6 -path /proc -prune -o -path "$here/.terraform" -prune \
    -o -path '*registry.terraform.io/hashicorp/aws' -print 2>/dev/null)
}

plugin_dir="$(find_plugin_dir || true)"
[ -n "$plugin_dir" ] || unavailable "hashicorp/aws $version for $platform is not on this machine (set TF_PLUGIN_DIR)" \
  "terraform validate and terraform test"

# Work on a copy, so that no .terraform/ is left in the repository.
cp ./*.tf .terraform.lock.hcl "$work/"
cp -R tests "$work/tests"

# -lockfile=readonly: a provider that does not match the committed hashes fails instead of
# rewriting the lock file.
if ! terraform -chdir="$work" init -backend=false -input=false -no-color \
  -plugin-dir="$plugin_dir" -lockfile=readonly >"$work/init.log" 2>&1; then
  cat "$work/init.log" >&2
  echo "terraform init: failed with the provider in $plugin_dir" >&2
  exit 1
fi

if ! terraform -chdir="$work" validate -no-color >"$work/validate.log" 2>&1; then
  cat "$work/validate.log" >&2
  exit 1
fi
echo "terraform validate: ok (hashicorp/aws $version from $plugin_dir)"

if ! terraform -chdir="$work" test -no-color >"$work/test.log" 2>&1; then
  cat "$work/test.log" >&2
  echo "terraform test: failed" >&2
  exit 1
fi
echo "terraform test: $(grep -E '^(Success|Failure)!' "$work/test.log" | tail -1)"
