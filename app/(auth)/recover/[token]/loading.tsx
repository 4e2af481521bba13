import { LoadingState } from '@/components/shell/loading-state';

export default function Loading() {
  return <LoadingState />;
}
