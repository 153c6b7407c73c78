from ipykernel.kernelapp import IPKernelApp

from .kernel import GDKernel

IPKernelApp.launch_instance(kernel_class=GDKernel)
