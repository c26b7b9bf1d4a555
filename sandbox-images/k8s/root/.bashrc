# Playground k8s sandbox: root's interactive bash.
[ -f /etc/playground/bashrc ] && . /etc/playground/bashrc
export KUBECONFIG=${KUBECONFIG:-/etc/rancher/k3s/k3s.yaml}
alias k=kubectl
